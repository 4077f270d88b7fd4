// Fast fault matrix, Iru API side: every fault kind once on the real dev server, and the ways a run must end
// partial or failed with the right diagnosis. The seeded long matrix is api-faults.faults.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { fixedScenarios, REQUEST_TIMEOUT_MS, runApiScenario, undisturbedRun, type ApiContext } from './api-scenarios.js';
import { Tally } from './harness.js';

const TOKEN = randomUUID();
const FLEET = { seed: 31, devices: 700 };
const storage = tempStore();
const tally = new Tally('api (fast)');
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

describe('a collection under Iru API faults', () => {
  // A source that never answers within the timeout waits out every retry (about 30 s): the long matrix runs it.
  for (const scenario of fixedScenarios().filter((s) => !s.name.includes('never answers'))) {
    const verdict = scenario.expected.outcome === 'succeeded' ? 'completes with the undisturbed Artifacts' : `ends ${scenario.expected.outcome} with the diagnosis and keeps the earlier Artifacts`;
    it.concurrent(`${scenario.name}: ${verdict}`, { timeout: 240_000 }, async () => {
      await runApiScenario(ctx, scenario);
    });
  }
});
