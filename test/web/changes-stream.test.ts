import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceStore } from '../../src/store/index.js';
import { issueApiKey } from '../../src/web/auth/api-keys.js';
import { tempStore } from '../helpers/store.js';
import { deviceRecord, seedConnection, seedRun } from './helpers/seed.js';
import { testApp } from './helpers/web.js';

const DEVICES = 3_000;
const ADDED = 2_000;
const SAMPLE = 200;
const NOW = new Date('2024-06-10T12:00:00.000Z');

// The test's model of the later version: every 7th device (from the 4th) removed, every 5th of the rest changed, and
// ADDED new devices stored first, newest first (so nothing about the stored order is sorted).
const removed = (i: number) => i % 7 === 3;
const changed = (i: number) => i % 5 === 0 && !removed(i);
const key = (i: number) => `dev-${String(i).padStart(6, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

const storage = tempStore();
const reads = new Map<string, number>();
let app: FastifyInstance;
let apiKey: string;
let earlier: string;
let later: string;

function countingStore(store: EvidenceStore): EvidenceStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'artifactRecords') {
        return (id: string) => {
          reads.set(id, (reads.get(id) ?? 0) + 1);
          return target.artifactRecords(id);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  const connection = await seedConnection(storage.store, 'fleet');
  const before = await seedRun(storage.store, connection, {
    collectedAt: '2024-06-09T06:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: range(0, DEVICES).map((i) => deviceRecord(i)) }],
  });
  const after = await seedRun(storage.store, connection, {
    collectedAt: '2024-06-10T06:00:00.000Z',
    artifacts: [
      {
        type: 'device-inventory',
        records: [
          ...range(DEVICES, DEVICES + ADDED)
            .reverse()
            .map((i) => deviceRecord(i)),
          ...range(0, DEVICES)
            .filter((i) => !removed(i))
            .map((i) => deviceRecord(i, changed(i) ? { osVersion: '15.2' } : {})),
        ],
      },
    ],
  });
  earlier = before.artifacts[0]!.id;
  later = after.artifacts[0]!.id;
  apiKey = (await issueApiKey(storage.store, { name: 'reader', scope: 'read', createdBy: 'test' }, NOW)).key;
  app = await testApp({ store: countingStore(storage.store), now: () => NOW });
});

afterAll(async () => {
  await app?.close();
  await storage.cleanup();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${apiKey}` } });

describe('what changed between two versions, streamed', () => {
  it('counts added, removed, changed and unchanged records and samples the first keys of each, sorted', async () => {
    const response = await get(`/api/v1/artifacts/${later}/changes?from=${earlier}`);
    expect(response.statusCode).toBe(200);
    const removedKeys = range(0, DEVICES).filter(removed).map(key);
    const changedKeys = range(0, DEVICES).filter(changed).map(key);
    expect(response.json().records).toEqual({
      keyFields: ['deviceId'],
      added: ADDED,
      removed: removedKeys.length,
      changed: changedKeys.length,
      unchanged: DEVICES - removedKeys.length - changedKeys.length,
      addedKeys: range(DEVICES, DEVICES + SAMPLE).map(key),
      removedKeys: removedKeys.slice(0, SAMPLE),
      changedKeys: changedKeys.slice(0, SAMPLE),
    });
    expect(removedKeys.length).toBeGreaterThan(SAMPLE);
    expect(changedKeys.length).toBeGreaterThan(SAMPLE);
  });

  it('reads the records from the store each time and leaves the records cache alone', async () => {
    const readsOf = (id: string) => reads.get(id) ?? 0;
    const [earlierBefore, laterBefore] = [readsOf(earlier), readsOf(later)];
    expect((await get(`/api/v1/artifacts/${later}/changes?from=${earlier}`)).statusCode).toBe(200);
    expect(readsOf(earlier)).toBeGreaterThan(earlierBefore);
    expect(readsOf(later)).toBeGreaterThan(laterBefore);
    // Neither version was put in the records cache: the first records page of each reads it from the store.
    for (const id of [earlier, later]) {
      const before = readsOf(id);
      expect((await get(`/api/v1/artifacts/${id}/records`)).json()).toMatchObject({
        total: id === earlier ? DEVICES : DEVICES - range(0, DEVICES).filter(removed).length + ADDED,
      });
      expect(readsOf(id)).toBe(before + 1);
    }
  });
});
