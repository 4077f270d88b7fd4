// Redis restarted empty under the shared limiter: Bottleneck's state (settings, running jobs, registered clients) is
// gone. Requests that were waiting in Bottleneck's queue at that moment must still be sent once Redis is back, or the
// collection that made them waits for ever (its activity heartbeats while it waits, so nothing times it out).
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisBudgetStore } from '../../src/iru/budget/redis-budget-store.js';
import { TenantLimiter } from '../../src/iru/index.js';
import { startRedis } from '../helpers/redis-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the shared limiter across a Redis restart', () => {
  it('sends the requests that were queued when Redis went away once it is back empty', { timeout: 60_000 }, async () => {
    let redis = await startRedis();
    cleanups.push(() => redis.stop());
    // As `iru-evidence worker` makes it (src/cli/runtime.ts).
    const client = new Redis(redis.url, { maxRetriesPerRequest: 3 });
    client.on('error', () => {});
    cleanups.push(() => void client.disconnect());
    const limiter = new TenantLimiter(`restart-${Date.now()}`, { perSecond: 1_000, maxConcurrent: 1 }, { store: new RedisBudgetStore(client), redis: client });
    cleanups.push(() => limiter.close().catch(() => {}));

    let releaseFirst!: () => void;
    const firstStarted = new Promise<void>((started) => {
      void limiter.schedule(() => {
        started();
        return new Promise<string>((resolve) => (releaseFirst = () => resolve('first')));
      });
    });
    await firstStarted;
    const sent: string[] = [];
    const queued = ['second', 'third'].map((name) => limiter.schedule(async () => (sent.push(name), name)));
    await waitUntil(() => limiter.waitingInQueue() === 2, 10_000);

    await redis.stop();
    releaseFirst(); // its release in Redis fails: Redis is away
    await new Promise((r) => setTimeout(r, 1_500));
    redis = await startRedis({ port: redis.port });

    const outcome = await Promise.race([Promise.all(queued).then(() => 'sent'), new Promise((r) => setTimeout(() => r('still waiting after 20 s'), 20_000))]);
    expect(outcome).toBe('sent');
    expect(sent.sort()).toEqual(['second', 'third']);
  });
});

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
