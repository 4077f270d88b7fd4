// Long fault matrix, Iru API side: FAULT_SEEDS runs (default 20), each under a seeded mix of transient faults (5xx
// bursts, cut bodies, malformed JSON, answers slower than the timeout, 429 storms) on random paths; every run must
// complete with the undisturbed Artifacts. Then the fixed partial/failed scenarios of the fast matrix once more.
import { describe, it } from 'vitest';
import { apiFaultSuite, fixedScenarios, runApiScenario, seededScenario } from './api-scenarios.js';
import { faultSeeds } from './seeds.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const BATCH = 5;
const seeds = faultSeeds();
const { context, tally } = apiFaultSuite('api (long)', { seed: 37, devices: 900, now: FLEET_NOW });

describe(`seeded Iru API faults (${seeds.length} runs)`, () => {
  for (let i = 0; i < seeds.length; i += BATCH) {
    const batch = seeds.slice(i, i + BATCH);
    it(`seeds ${batch.join(', ')}: every run completes with the undisturbed Artifacts`, async () => {
      const scenarios = batch.map((seed) => seededScenario(seed));
      for (const s of scenarios) tally.notes.push(s.name);
      const results = await Promise.allSettled(scenarios.map((s) => runApiScenario(context(), s)));
      const failures = results.flatMap((r, j) => (r.status === 'rejected' ? [`${scenarios[j]!.name}: ${(r.reason as Error).message}`] : []));
      if (failures.length) throw new Error(failures.join('\n'));
    });
  }
});

describe('runs that must end partial or failed', () => {
  it('each ends with its diagnosis and keeps the earlier Artifacts', async () => {
    const results = await Promise.allSettled(
      fixedScenarios()
        .filter((s) => s.expected.outcome !== 'succeeded')
        .map((s) => runApiScenario(context(), s)),
    );
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (failures.length) throw new Error(failures.join('\n'));
  });
});
