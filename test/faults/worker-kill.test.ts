// Fast fault matrix, worker side: three runs at once, the worker killed (-9) at a seeded random point of each.
// The long matrix (worker-kill.faults.ts) does the same for FAULT_SEEDS runs.
import { describe, it } from 'vitest';
import { killBatch, killSuite } from './kill-scenarios.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const FLEET = { seed: 53, devices: 1_200, now: FLEET_NOW };
const LATENCY_MS = 5;
const suite = killSuite('worker kill -9 (fast)', FLEET, LATENCY_MS);

describe('worker kill -9', () => {
  it('at seeded random points of three concurrent runs: every run completes with the undisturbed Artifacts', { timeout: 300_000 }, async () => {
    const { rig, baseline, shape, token, tally } = suite();
    await killBatch(rig, {
      seeds: [101, 202, 303],
      fleet: FLEET,
      token,
      latencyMs: LATENCY_MS,
      baseline,
      shape,
      kinds: ['pages', 'time', 'build'],
      tally,
      log: (line) => tally.notes.push(line),
    });
  });
});
