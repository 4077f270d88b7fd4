// Long fault matrix, infrastructure side: FAULT_SEEDS restarts of the Temporal server at seeded points of a run, and
// FAULT_SEEDS losses of Redis under the shared limiter (coming back after a seeded pause, staying away, or gone before
// the run starts), each checked against its documented outcome.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { tempStore } from '../helpers/store.js';
import { Tally } from './harness.js';
import { redisScenario, restartBaseline, restartContext, restartScenario, type RedisLoss } from './infra-scenarios.js';
import { faultSeeds } from './seeds.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const TOKEN = randomUUID();
const FLEET = { seed: 73, devices: 1_200, now: FLEET_NOW };
const seeds = faultSeeds();
const storage = tempStore();
const restarts = new Tally('Temporal restart (long)');
const redisLosses = new Tally('Redis loss (long)');

afterAll(async () => {
  restarts.print();
  redisLosses.print();
  await storage.cleanup();
});

describe(`Temporal server restarted mid-run (${seeds.length} runs)`, () => {
  it('every run completes with the undisturbed Artifacts', async () => {
    const ctx = await restartContext(storage.store, FLEET, TOKEN, restarts, (line) => restarts.notes.push(line));
    try {
      const { baseline, pages } = await restartBaseline(ctx);
      for (const seed of seeds) await restartScenario(ctx, seed, baseline, pages);
    } finally {
      await ctx.close();
    }
  });
});

describe(`Redis lost under the shared limiter (${seeds.length} runs)`, () => {
  const losses: RedisLoss[] = ['returns', 'gone', 'returns', 'down-before-the-run'];
  for (const seed of seeds) {
    const loss = losses[seed % losses.length]!;
    it(`seed ${seed}: Redis ${loss}`, async () => {
      await redisScenario({ store: storage.store, fleet: FLEET, token: TOKEN, tally: redisLosses, log: (line) => redisLosses.notes.push(line) }, seed, loss);
    });
  }
});
