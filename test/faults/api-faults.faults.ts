// Long fault matrix, Iru API side: FAULT_SEEDS runs (default 20), each under a seeded mix of transient faults (5xx
// bursts, cut bodies, malformed JSON, answers slower than the timeout, 429 storms) on random paths; every run must
// complete with the undisturbed Artifacts. Then the fixed partial/failed scenarios of the fast matrix once more.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { fixedScenarios, REQUEST_TIMEOUT_MS, runApiScenario, seededScenario, undisturbedRun, type ApiContext } from './api-scenarios.js';
import { Tally } from './harness.js';
import { faultSeeds } from './seeds.js';

const TOKEN = randomUUID();
const FLEET = { seed: 37, devices: 900 };
const BATCH = 5;
const seeds = faultSeeds();
const storage = tempStore();
const tally = new Tally('api (long)');
const simulators: RunningSimulator[] = [];
let temporal: TemporalHarness;
let ctx: ApiContext;

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store, requestTimeoutMs: REQUEST_TIMEOUT_MS, budget: { perSecond: 200, maxConcurrent: 4 } });
  const base = { client: temporal.client, taskQueue: temporal.taskQueue, store: storage.store, fleet: FLEET, token: TOKEN, tally, simulators };
  ctx = { ...base, baseline: await undisturbedRun(base) };
});

afterAll(async () => {
  tally.print();
  await temporal?.close();
  await Promise.all(simulators.map((s) => s.close()));
  await storage.cleanup();
});

describe(`seeded Iru API faults (${seeds.length} runs)`, () => {
  for (let i = 0; i < seeds.length; i += BATCH) {
    const batch = seeds.slice(i, i + BATCH);
    it(`seeds ${batch.join(', ')}: every run completes with the undisturbed Artifacts`, async () => {
      const scenarios = batch.map((seed) => seededScenario(seed));
      for (const s of scenarios) tally.notes.push(s.name);
      const results = await Promise.allSettled(scenarios.map((s) => runApiScenario(ctx, s)));
      const failures = results.flatMap((r, j) => (r.status === 'rejected' ? [`${scenarios[j]!.name}: ${(r.reason as Error).message}`] : []));
      if (failures.length) throw new Error(failures.join('\n'));
    });
  }
});

describe('runs that must end partial or failed', () => {
  it('each ends with its diagnosis and keeps the earlier Artifacts', async () => {
    const results = await Promise.allSettled(fixedScenarios().filter((s) => s.expected.outcome !== 'succeeded').map((s) => runApiScenario(ctx, s)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (failures.length) throw new Error(failures.join('\n'));
  });
});
