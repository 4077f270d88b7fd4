import type { Redis } from 'ioredis';
import { BudgetUnavailableError, type BudgetStore, type LearnedWindow } from './budget-store.js';

/** Increments the window counter only while it is below the limit, atomically for every worker. */
const TAKE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** The shared budget: window counters, the 429 pause and the server's learned window as self-expiring Redis keys. */
export class RedisBudgetStore implements BudgetStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'iru-evidence',
  ) {}

  async take(tenant: string, windowStart: number, limit: number, windowMs: number): Promise<boolean> {
    const counted = await shared(() => this.redis.eval(TAKE, 1, this.windowKey(tenant, windowStart), limit, windowMs * 2));
    return counted === 1;
  }

  async used(tenant: string, windowStart: number): Promise<number> {
    return Number((await shared(() => this.redis.get(this.windowKey(tenant, windowStart)))) ?? 0);
  }

  async pause(tenant: string, ms: number): Promise<void> {
    const key = this.pauseKey(tenant);
    const current = await shared(() => this.redis.pttl(key));
    if (current < ms) await shared(() => this.redis.set(key, '1', 'PX', Math.ceil(ms)));
  }

  async pausedForMs(tenant: string): Promise<number> {
    return Math.max(0, await shared(() => this.redis.pttl(this.pauseKey(tenant))));
  }

  async learn(tenant: string, window: LearnedWindow): Promise<void> {
    const ms = Math.ceil(window.endsAt - Date.now());
    if (ms > 0) await shared(() => this.redis.set(this.learnedKey(tenant), JSON.stringify(window), 'PX', ms));
  }

  async learned(tenant: string): Promise<LearnedWindow | undefined> {
    const raw = await shared(() => this.redis.get(this.learnedKey(tenant)));
    const window = raw === null ? undefined : (JSON.parse(raw) as LearnedWindow);
    return window && window.endsAt > Date.now() ? window : undefined;
  }

  async close(): Promise<void> {}

  private learnedKey(tenant: string): string {
    return `${this.prefix}:server-window:{${tenant}}`;
  }

  private windowKey(tenant: string, windowStart: number): string {
    return `${this.prefix}:budget:{${tenant}}:${windowStart}`;
  }

  private pauseKey(tenant: string): string {
    return `${this.prefix}:pause:{${tenant}}`;
  }
}

/** A Redis call of the shared budget; its failure is a BudgetUnavailableError (the limiter fails closed). */
async function shared<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new BudgetUnavailableError(error);
  }
}
