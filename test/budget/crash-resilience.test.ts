import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readArtifact, type Artifact } from '../../src/evidence/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import { collectionWorkflowId } from '../../src/temporal/client.js';
import { COLLECT_WORKFLOW } from '../../src/temporal-contract.js';
import type { collectEvidence } from '../../workflows/index.js';
import { startRedis } from '../helpers/redis-server.js';
import { spawnWorker, type WorkerProcess } from '../helpers/spawn-worker.js';
import { tempStore } from '../helpers/store.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const TOKEN = randomUUID();
const SOURCES = ['devices', 'prism-filevault', 'blueprint-library-items', 'library-item-status'];
const key = randomBytes(32);
const storage = tempStore();
const store = new SqliteStore(path.join(storage.dir, 'shared.sqlite'), new TokenCipher(key));
let client: Client;
const sims: RunningSimulator[] = [];

beforeAll(async () => {
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }), namespace: 'default' });
});

afterAll(async () => {
  await client.connection.close();
  await Promise.all(sims.map((s) => s.close()));
  await store.close();
  await storage.cleanup();
});

async function simulator(extra: Partial<Parameters<typeof startSimulator>[0]> = {}) {
  const sim = await startSimulator({ fleet: { seed: 77, devices: 2_400, now: FLEET_NOW }, tokens: { [TOKEN]: { permissions: 'all' } }, ...extra });
  sims.push(sim);
  return sim;
}

function worker(taskQueue: string, extra: Partial<Parameters<typeof spawnWorker>[0]> = {}): Promise<WorkerProcess> {
  return spawnWorker({
    address: inject('temporalAddress'),
    taskQueue,
    storeFile: store.file,
    storeKey: key.toString('base64'),
    budget: { perSecond: 200 },
    ...extra,
  });
}

async function start(taskQueue: string, baseUrl: string) {
  const connection = await store.saveConnection({ name: `c-${randomUUID().slice(0, 8)}`, baseUrl, token: TOKEN });
  const workflowId = collectionWorkflowId(connection.name);
  const handle = await client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, {
    taskQueue,
    workflowId,
    args: [{ connectionId: connection.id, sources: SOURCES, heartbeatTimeoutSeconds: 3 }],
  });
  return { connection, workflowId, handle };
}

async function artifactsOf(connectionId: string): Promise<Map<string, Artifact>> {
  return new Map(await Promise.all((await store.currentArtifacts(connectionId)).map(async (a) => [a.type, await readArtifact(store, a)] as const)));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('crash resilience', () => {
  it('gives the same Artifacts after kill -9 of the worker at five points of a run', { timeout: 240_000 }, async () => {
    const queue = `crash-${randomUUID()}`;
    const steady = await worker(queue);
    const undisturbedSim = await simulator();
    const undisturbed = await start(queue, undisturbedSim.url);
    await undisturbed.handle.result();
    await steady.stop();
    const expected = await artifactsOf(undisturbed.connection.id);
    expect(expected.size).toBeGreaterThan(0);

    const sim = await simulator({ latencyMs: 40 });
    let current = await worker(queue);
    const run = await start(queue, sim.url);
    const pages = async (source: string) => (await store.sourceProgress(run.workflowId, source)).pages;
    const killPoints: [string, () => Promise<boolean>][] = [
      ['the first devices page', async () => (await pages('devices')) >= 1],
      ['mid devices', async () => (await pages('devices')) >= 4],
      ['mid FileVault', async () => (await pages('prism-filevault')) >= 2],
      ['Blueprint library items', async () => (await pages('blueprint-library-items')) >= 1],
      ['mid library-item status', async () => (await pages('library-item-status')) >= 3],
    ];
    const killedAt: string[] = [];
    for (const [label, reached] of killPoints) {
      await waitFor(reached);
      await current.kill9();
      killedAt.push(label);
      current = await worker(queue);
    }
    const summary = await run.handle.result();
    await current.stop();
    expect(killedAt).toHaveLength(5);
    expect(summary.status).toBe('succeeded');

    const actual = await artifactsOf(run.connection.id);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    // collection-run describes the run itself (its requests, its retries), so it differs by design.
    for (const [type, artifact] of expected) if (type !== 'collection-run') expect(actual.get(type)!.contentSha256, type).toBe(artifact.contentSha256);
    const inventory = actual.get('device-inventory')!.records as { deviceId: string }[];
    expect(new Set(inventory.map((r) => r.deviceId)).size).toBe(inventory.length);
    expect(inventory).toHaveLength(2_400);
  });

  it('keeps two workers sharing a Redis budget inside it', { timeout: 240_000 }, async () => {
    const redis = await startRedis();
    const queue = `shared-${randomUUID()}`;
    const windowMs = 5_000;
    const budget = { hourlyQuota: 100, share: 0.5, windowMs, perSecond: 100, maxConcurrent: 4 };
    const workers = await Promise.all([worker(queue, { budget, redisUrl: redis.url }), worker(queue, { budget, redisUrl: redis.url })]);
    try {
      const sim = await simulator({ rateLimit: { perHour: 1_000, hourWindowMs: windowMs } });
      const run = await start(queue, sim.url);
      const summary = await run.handle.result();
      expect(summary.status).toBe('succeeded');
      const perWindow = new Map<number, number>();
      for (const entry of sim.requestLog)
        perWindow.set(Math.floor(Date.parse(entry.at) / windowMs), (perWindow.get(Math.floor(Date.parse(entry.at) / windowMs)) ?? 0) + 1);
      expect(perWindow.size).toBeGreaterThanOrEqual(2);
      for (const count of perWindow.values()) expect(count).toBeLessThanOrEqual(50);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.stop();
    }
  });
});
