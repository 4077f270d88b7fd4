import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact, verifyArtifact } from '../../src/evidence/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectOnce } from '../helpers/collect.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const TOKEN = randomUUID();
const storage = tempStore();
let temporal: TemporalHarness;
let sim: RunningSimulator;

beforeAll(async () => {
  temporal = await temporalHarness();
  // 0 days: every earlier run's pages go as soon as the next run of the connection is published.
  await temporal.startWorker({ store: storage.store, rawPageRetentionDays: 0 });
  sim = await startSimulator({ fleet: { seed: 23, devices: 700, tenant: 'retention', now: FLEET_NOW }, tokens: { [TOKEN]: { permissions: 'all' } } });
}, 120_000);

afterAll(async () => {
  await temporal?.close();
  await sim?.close();
  await storage.cleanup();
});

describe('raw page retention', () => {
  it("drops an earlier run's raw pages when a later run is published, and keeps its Artifacts whole and verifiable", async () => {
    const sources = ['devices', 'users'];
    const first = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN, name: 'retention', sources });
    const firstPages = await storage.store.pageCounts(first.workflowId);
    expect(firstPages.find((p) => p.source === 'devices')?.rows).toBe(sim.fleet.deviceCount);
    const firstArtifacts = await storage.store.runArtifacts(first.workflowId);
    expect(firstArtifacts.length).toBeGreaterThan(0);

    const second = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN, name: 'retention', sources });
    expect(second.summary.status).toBe('succeeded');
    expect(await storage.store.pageCounts(first.workflowId)).toEqual([]);
    expect(await storage.store.pageCounts(second.workflowId)).toEqual(firstPages);
    expect(await storage.store.getRun(first.workflowId)).toMatchObject({ status: 'succeeded' });
    for (const stored of firstArtifacts) {
      const artifact = await readArtifact(storage.store, stored);
      expect(verifyArtifact(artifact), stored.type).toEqual({ contentSha256: true, sha256: true });
      if (stored.type === 'device-inventory') expect(artifact.records).toHaveLength(sim.fleet.deviceCount);
    }
  }, 180_000);
});
