// Long fault matrix, worker side: FAULT_SEEDS runs (default 20), in batches of four concurrent runs; each run has its
// own seeded kill point (after N stored pages, at a random moment, mid-build, or while planning) and every kill -9
// of the worker disturbs every run in flight.
import { describe, it } from 'vitest';
import { killBatch, killSuite } from './kill-scenarios.js';
import { faultSeeds } from './seeds.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const FLEET = { seed: 61, devices: 1_800, now: FLEET_NOW };
const LATENCY_MS = 10;
const BATCH = 4;
const seeds = faultSeeds();
const suite = killSuite('worker kill -9 (long)', FLEET, LATENCY_MS);

describe(`worker kill -9 at seeded random points (${seeds.length} runs)`, () => {
  for (let i = 0; i < seeds.length; i += BATCH) {
    const batch = seeds.slice(i, i + BATCH);
    it(`seeds ${batch.join(', ')}: every run completes with the undisturbed Artifacts`, async () => {
      // 'plan' kills cost the planning activity's 1-minute start-to-close timeout: one seed in ten.
      const kinds = ['pages', 'pages', 'pages', 'time', 'time', 'time', 'build', 'build', 'build', 'plan'] as const;
      const { rig, baseline, shape, token, tally } = suite();
      await killBatch(rig, { seeds: batch, fleet: FLEET, token, latencyMs: LATENCY_MS, baseline, shape, kinds, tally, log: (line) => tally.notes.push(line) });
    });
  }
});
