import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { BudgetOptions } from '../../src/iru/index.js';
import type { RequestLogEntry, RunningSimulator } from '../../src/simulator/index.js';
import { tokenFingerprint, type EvidenceStore } from '../../src/store/index.js';
import { tempStore } from './store.js';
import { temporalHarness, type TemporalHarness } from './temporal.js';

/**
 * For one test file: a worker on the shared dev server with a tenant budget, a fresh store, a token, and the simulators
 * the tests start (closed after them); `ours` keeps this token's requests of a simulator's log.
 */
export function budgetedTenant(budget: Partial<BudgetOptions>): {
  token: string;
  store: EvidenceStore;
  temporal: () => TemporalHarness;
  track: (sim: RunningSimulator) => RunningSimulator;
  ours: (sim: RunningSimulator) => RequestLogEntry[];
} {
  const token = randomUUID();
  const storage = tempStore();
  const sims: RunningSimulator[] = [];
  let temporal: TemporalHarness | undefined;
  beforeAll(async () => {
    temporal = await temporalHarness();
    await temporal.startWorker({ store: storage.store, budget });
  });
  afterAll(async () => {
    await temporal?.close();
    await Promise.all(sims.map((s) => s.close()));
    await storage.cleanup();
  });
  const fingerprint = tokenFingerprint(token);
  return {
    token,
    store: storage.store,
    temporal: () => temporal!,
    track: (sim) => (sims.push(sim), sim),
    ours: (sim) => sim.requestLog.filter((r) => r.tokenId !== null && fingerprint.includes(r.tokenId)),
  };
}
