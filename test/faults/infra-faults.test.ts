// Fast fault matrix, infrastructure side: the Temporal server restarted mid-run, and Redis lost under the shared limiter.
// The long matrix repeats both with seeds (temporal-restart.faults.ts, redis-loss.faults.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { tempStore } from '../helpers/store.js';
import { Tally } from './harness.js';
import { restartBaseline, restartContext, restartScenario } from './infra-scenarios.js';

const TOKEN = randomUUID();
const FLEET = { seed: 71, devices: 900 };
const storage = tempStore();
const tally = new Tally('infrastructure (fast)');

afterAll(async () => {
  tally.print();
  await storage.cleanup();
});

describe('a collection under infrastructure faults', () => {
  it('survives a restart of the Temporal server mid-run with the undisturbed Artifacts', { timeout: 240_000 }, async () => {
    const ctx = await restartContext(storage.store, FLEET, TOKEN, tally, (line) => tally.notes.push(line));
    try {
      const { baseline, pages } = await restartBaseline(ctx);
      await restartScenario(ctx, 7, baseline, pages);
    } finally {
      await ctx.close();
    }
  });
});
