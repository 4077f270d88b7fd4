// Fast fault matrix, worker side: three runs at once, the worker killed (-9) at a seeded random point of each.
// The long matrix (worker-kill.faults.ts) does the same for FAULT_SEEDS runs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { Tally } from './harness.js';
import { killBaseline, killBatch, killRig, type KillRig, type RunShape } from './kill-scenarios.js';
import type { RunEvidence } from './harness.js';

const TOKEN = randomUUID();
const FLEET = { seed: 53, devices: 1_200 };
const LATENCY_MS = 5;
const tally = new Tally('worker kill -9 (fast)');
let rig: KillRig;
let baseline: RunEvidence;
let shape: RunShape;

beforeAll(async () => {
  rig = await killRig(inject('temporalAddress'));
  ({ baseline, shape } = await killBaseline(rig, FLEET, TOKEN, LATENCY_MS));
}, 180_000);

afterAll(async () => {
  tally.print();
  await rig?.close();
});

describe('worker kill -9', () => {
  it('at seeded random points of three concurrent runs: every run completes with the undisturbed Artifacts', { timeout: 300_000 }, async () => {
    await killBatch(rig, { seeds: [101, 202, 303], fleet: FLEET, token: TOKEN, latencyMs: LATENCY_MS, baseline, shape, kinds: ['pages', 'time', 'build'], tally, log: (line) => tally.notes.push(line) });
  });
});
