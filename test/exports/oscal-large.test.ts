import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOscalFile } from '../../src/exports/period-files.js';
import { auditPeriod } from '../../src/read-model/audit-period.js';
import { findFramework } from '../../src/read-model/framework-lookup.js';
import type { ExportScope } from '../../src/read-model/period-evidence.js';
import { issueApiKey } from '../../src/web/auth/api-keys.js';
import { tempStore } from '../helpers/store.js';
import { seedConnection, seedLargeRun } from '../web/helpers/seed.js';
import { testApp } from '../web/helpers/web.js';

const DEVICES = 100_000;
const COLLECTED_AT = '2024-06-10T00:00:00.000Z';
const NOW = new Date('2024-06-11T06:00:00.000Z');
/** Peak RSS growth allowed while one export runs. The whole document for these devices is about 150 MB of text. */
const RSS_BOUND = 150_000_000;

const storage = tempStore();
let scope: ExportScope;
let app: FastifyInstance;
let apiKey: string;

type Json = Record<string, any>;

const failing = (i: number) => i % 1000 === 7;
const FAILS = Array.from({ length: DEVICES }, (_, i) => i).filter(failing).length;
const deviceId = (i: number) => `dev-${String(i).padStart(6, '0')}`;

function device(i: number): Record<string, unknown> {
  const n = String(i).padStart(6, '0');
  return {
    deviceId: deviceId(i),
    deviceName: `Mac ${n}`,
    serialNumber: `C02${n}XYZ`,
    platform: 'Mac',
    model: 'MacBook Pro (14-inch, 2023)',
    osVersion: '15.1',
  };
}

function results(pass: number, fail: number) {
  return {
    counts: { pass, fail, not_evaluable: 0, not_applicable: 0 },
    coverage: { evaluated: DEVICES, total: DEVICES, text: `${DEVICES} of ${DEVICES} devices evaluated`, gaps: [] },
  };
}

beforeAll(async () => {
  const connection = await seedConnection(storage.store, 'fleet', 48);
  // The same devices in two Artifacts: device-trust with a failing device in every thousand, disk-encryption all passing.
  await seedLargeRun(storage.store, connection, {
    collectedAt: COLLECTED_AT,
    artifacts: [
      {
        type: 'device-trust',
        count: DEVICES,
        record: (i) => ({ ...device(i), verified: !failing(i), result: failing(i) ? 'fail' : 'pass', reasons: failing(i) ? ['check_in_too_old'] : [] }),
        summary: results(DEVICES - FAILS, FAILS),
      },
      {
        type: 'disk-encryption',
        count: DEVICES,
        record: (i) => ({ ...device(i), encrypted: true, result: 'pass', reasons: [] }),
        summary: results(DEVICES, 0),
      },
    ],
  });
  scope = { framework: findFramework('soc2'), period: auditPeriod('2024-06-10', '2024-06-10', NOW) };
  apiKey = (await issueApiKey(storage.store, { name: 'reader', scope: 'read', createdBy: 'test' }, NOW)).key;
  app = await testApp({ store: storage.store, now: () => NOW });
}, 300_000);

afterAll(async () => {
  await app?.close();
  await storage.cleanup();
});

/** Runs `work` and gives the peak growth of the process's RSS while it ran, sampled every 10 ms. */
async function peakRssGrowth(work: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

/** SHA-256 of a file with the document's random uuid (its first "uuid") masked: two exports of the same evidence compare equal. */
async function digestWithoutDocumentUuid(file: string): Promise<string> {
  const hash = createHash('sha256');
  let first = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    hash.update(first ? (chunk as string).replace(/"uuid": "[0-9a-f-]{36}"/, '"uuid": ""') : (chunk as string));
    first = false;
  }
  return hash.digest('hex');
}

describe('OSCAL Assessment Results of 100,000 devices', () => {
  let file: string;

  it('is written to a file in bounded memory, with every device once and the findings of the evidence', async () => {
    const growth = await peakRssGrowth(async () => (file = (await writeOscalFile(storage.store, scope, storage.dir, NOW)).file));
    console.info(`OSCAL export of ${DEVICES} devices: ${statSync(file).size} bytes, peak RSS growth ${(growth / 1e6).toFixed(1)} MB`);
    expect(growth).toBeLessThan(RSS_BOUND);

    const result = (JSON.parse(readFileSync(file, 'utf8')) as Json)['assessment-results'].results[0];
    const assetId = (item: Json) => item.props.find((p: Json) => p.name === 'asset-id').value as string;
    const items = result['local-definitions']['inventory-items'] as Json[];
    expect(items).toHaveLength(DEVICES);
    expect(new Set(items.map(assetId)).size).toBe(DEVICES);
    expect(assetId(items[0]!)).toBe(deviceId(0));
    const uuids = new Set(items.map((i) => i.uuid as string));

    const observation = (type: string) => result.observations.find((o: Json) => o.props.some((p: Json) => p.name === 'artifact-type' && p.value === type));
    for (const type of ['device-trust', 'disk-encryption']) {
      const subjects = observation(type).subjects as Json[];
      expect(subjects).toHaveLength(DEVICES);
      expect(subjects.every((s) => uuids.has(s['subject-uuid']))).toBe(true);
      const failed = subjects.filter((s) => s.props.some((p: Json) => p.name === 'result' && p.value === 'fail')).map((s) => s.title as string);
      const expectedFailed = type === 'device-trust' ? Array.from({ length: DEVICES }, (_, i) => i).filter(failing) : [];
      expect(failed).toEqual(expectedFailed.map((i) => `Mac ${String(i).padStart(6, '0')}`));
    }

    // Satisfied exactly when every artifact type the action maps to is disk-encryption: fresh, with every device passing.
    const expected = new Map(
      scope.framework.controls.flatMap((c) =>
        c.actions.map((a) => [a.id, a.artifacts.every((m) => m.type === 'disk-encryption') ? 'satisfied' : 'not-satisfied'] as const),
      ),
    );
    const states = new Map(result.findings.map((f: Json) => [f.props.find((p: Json) => p.name === 'action').value, f.target.status.state]));
    expect(states).toEqual(expected);
    expect([...states.values()]).toContain('satisfied');
    const trust = result.findings.find((f: Json) => f.props.some((p: Json) => p.name === 'action' && p.value === 'CC4.1.ongoing-evaluation'));
    expect(trust.remarks).toContain(`${FAILS} subjects failed`);
  }, 300_000);

  it('is streamed by GET /api/v1/exports/oscal.json in bounded memory, the same document', async () => {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const downloaded = path.join(storage.dir, 'downloaded.json');
    let status = 0;
    const growth = await peakRssGrowth(async () => {
      const response = await fetch(`${base}/api/v1/exports/oscal.json?framework=soc2&from=2024-06-10&to=2024-06-10`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      status = response.status;
      await pipeline(Readable.fromWeb(response.body as ReadableStream), createWriteStream(downloaded));
    });
    console.info(`GET oscal.json of ${DEVICES} devices: peak RSS growth ${(growth / 1e6).toFixed(1)} MB`);
    expect(status).toBe(200);
    expect(growth).toBeLessThan(RSS_BOUND);
    expect(statSync(downloaded).size).toBe(statSync(file).size);
    expect(await digestWithoutDocumentUuid(downloaded)).toBe(await digestWithoutDocumentUuid(file));
  }, 300_000);
});
