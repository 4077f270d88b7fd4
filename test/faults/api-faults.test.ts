// Fast fault matrix, Iru API side: every fault kind once on the real dev server, and the ways a run must end
// partial or failed with the right diagnosis. The seeded long matrix is api-faults.faults.ts.
import { describe, it } from 'vitest';
import { apiFaultSuite, fixedScenarios, runApiScenario } from './api-scenarios.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const { context } = apiFaultSuite('api (fast)', { seed: 31, devices: 700, now: FLEET_NOW });

describe('a collection under Iru API faults', () => {
  // A source that never answers within the timeout waits out every retry (about 30 s): the long matrix runs it.
  for (const scenario of fixedScenarios().filter((s) => !s.name.includes('never answers'))) {
    const verdict =
      scenario.expected.outcome === 'succeeded'
        ? 'completes with the undisturbed Artifacts'
        : `ends ${scenario.expected.outcome} with the diagnosis and keeps the earlier Artifacts`;
    it.concurrent(`${scenario.name}: ${verdict}`, { timeout: 240_000 }, async () => {
      await runApiScenario(context(), scenario);
    });
  }
});
