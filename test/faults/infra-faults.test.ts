// Fast fault matrix, infrastructure side: the Temporal server restarted mid-run, and Redis lost under the shared limiter
// (it comes back, or it stays away). The long matrix (infra.faults.ts) repeats them with FAULT_SEEDS seeds.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { tempStore } from '../helpers/store.js';
import { Tally } from './harness.js';
import { redisScenario, restartBaseline, restartContext, restartScenario } from './infra-scenarios.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const TOKEN = randomUUID();
const FLEET = { seed: 71, devices: 900, now: FLEET_NOW };
const storage = tempStore();
const tally = new Tally('infrastructure (fast)');
const redisContext = { store: storage.store, fleet: FLEET, token: TOKEN, tally, log: (line: string) => tally.notes.push(line) };

afterAll(async () => {
  tally.print();
  await storage.cleanup();
});

describe.concurrent('a collection under infrastructure faults', () => {
  it('survives a restart of the Temporal server mid-run with the undisturbed Artifacts', { timeout: 360_000 }, async () => {
    const ctx = await restartContext(storage.store, FLEET, TOKEN, tally, (line) => tally.notes.push(line));
    try {
      const { baseline, pages } = await restartBaseline(ctx);
      await restartScenario(ctx, 7, baseline, pages);
    } finally {
      await ctx.close();
    }
  });

  it('Redis lost and back within the source retries (fail closed, then resume): the undisturbed Artifacts', { timeout: 360_000 }, async () => {
    await redisScenario(redisContext, 11, 'returns');
  });

  it('Redis lost for good: partial or failed with budget_unavailable, nothing more sent to Iru, the earlier Artifacts kept', { timeout: 360_000 }, async () => {
    await redisScenario(redisContext, 12, 'gone');
  });
});
