import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/collector/run-summary.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectOnce } from '../helpers/collect.js';
import { requestFloor } from '../helpers/request-floor.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';

const TOKEN = randomUUID();
let temporal: TemporalHarness;
const storage = tempStore();
let sim: RunningSimulator;

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store });
  sim = await startSimulator({ fleet: { seed: 31, devices: 3_000 }, tokens: { [TOKEN]: { permissions: 'all' } } });
});

afterAll(async () => {
  await temporal.close();
  await sim.close();
  await storage.cleanup();
});

describe('request cost of a full collection', () => {
  it('stays within 1.05x of the floor, counted on the simulator request log, with no /secrets/ and no non-GET', async () => {
    const { summary } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN });
    expect(summary.status).toBe('succeeded');
    const audit = (summary as RunSummary).sources.find((s) => s.name === 'audit-events')!;
    expect(audit.status).toBe('succeeded');
    const window = { from: new Date(Date.parse(summary.startedAt) - 90 * 86_400_000).toISOString(), to: summary.startedAt };
    const floor = requestFloor(sim.fleet, window);
    const made = sim.requestLog.length;
    console.log(`requests made ${made}, floor ${floor.total}, ratio ${(made / floor.total).toFixed(3)}`);
    expect(made).toBeGreaterThanOrEqual(floor.total);
    expect(made / floor.total).toBeLessThanOrEqual(1.05);
    expect(sim.requestLog.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(sim.requestLog.filter((r) => r.path.includes('/secrets'))).toEqual([]);
  });
});
