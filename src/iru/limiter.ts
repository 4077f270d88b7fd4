import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { BudgetUnavailableError, LocalBudgetStore, type BudgetStore } from './budget/budget-store.js';
import { RedisBudgetStore } from './budget/redis-budget-store.js';
import type { RateLimitHeaders } from './rate-limit-headers.js';

export interface BudgetOptions {
  /** The tenant's documented quota: 10,000 requests per hour. */
  hourlyQuota: number;
  /** The share of the quota this connector may use; the rest stays with the customer's own scripts. */
  share: number;
  /** Length of the quota window in ms (an hour; shortened in tests). Windows start at multiples of it, as Kong's do. */
  windowMs: number;
  /** Requests per second, kept well under the gateway's 50/s burst limit. */
  perSecond: number;
  maxConcurrent: number;
}

export { BudgetUnavailableError } from './budget/budget-store.js';

export const DEFAULT_BUDGET: BudgetOptions = { hourlyQuota: 10_000, share: 0.6, windowMs: 3_600_000, perSecond: 10, maxConcurrent: 4 };

export interface LimiterBackend {
  store: BudgetStore;
  /** When set, Bottleneck keeps concurrency and spacing in Redis, shared by every worker. */
  redis?: Redis;
}

/**
 * One tenant's request budget. Each request takes a token from the current window (our share of the hourly quota,
 * never more than the tenant has left by X-RateLimit-Remaining-Hour); Bottleneck spaces requests and bounds
 * concurrency; a 429 pauses the whole tenant until Retry-After has passed. With Redis, all three are shared.
 */
export class TenantLimiter {
  readonly budget: BudgetOptions;
  readonly tenant: string;
  private readonly store: BudgetStore;
  private readonly bottleneck: Bottleneck;
  private readonly redisConnection?: Bottleneck.IORedisConnection;
  /** What the API said the tenant has left, per window: our count when we read it, plus the remainder. */
  private tenantCapacity = new Map<number, number>();

  constructor(tenant: string, budget: Partial<BudgetOptions> = {}, backend: LimiterBackend = { store: new LocalBudgetStore() }) {
    this.tenant = tenant;
    this.budget = { ...DEFAULT_BUDGET, ...budget };
    this.store = backend.store;
    const spacing = { maxConcurrent: this.budget.maxConcurrent, minTime: Math.ceil(1000 / this.budget.perSecond) };
    this.redisConnection = backend.redis ? new Bottleneck.IORedisConnection({ client: backend.redis }) : undefined;
    this.redisConnection?.on('error', () => {});
    this.bottleneck = this.redisConnection
      ? new Bottleneck({
          ...spacing,
          id: `iru-evidence:${tenant}`,
          datastore: 'ioredis',
          connection: this.redisConnection,
          clearDatastore: false,
          timeout: 3 * this.budget.windowMs,
        })
      : new Bottleneck(spacing);
    this.bottleneck.on('error', () => {});
  }

  /** The largest number of requests we may send in a window: our share, capped by what the tenant has left. */
  get shareLimit(): number {
    return Math.max(1, Math.floor(this.budget.hourlyQuota * this.budget.share));
  }

  windowStart(now = Date.now()): number {
    return Math.floor(now / this.budget.windowMs) * this.budget.windowMs;
  }

  msUntilNextWindow(now = Date.now()): number {
    return this.windowStart(now) + this.budget.windowMs - now;
  }

  async allowedInWindow(windowStart = this.windowStart()): Promise<number> {
    const capacity = this.tenantCapacity.get(windowStart);
    return capacity === undefined ? this.shareLimit : Math.min(this.shareLimit, capacity);
  }

  async remainingInWindow(): Promise<number> {
    const start = this.windowStart();
    return Math.max(0, (await this.allowedInWindow(start)) - (await this.store.used(this.tenant, start)));
  }

  /** Runs `send` once the window has budget left and the tenant is not paused; lower `priority` goes first. */
  async schedule<T>(send: () => Promise<T>, signal?: AbortSignal, priority = 5): Promise<T> {
    // A token belongs to the window it was taken in; a request that reached Iru after that window ended would be
    // counted in the next one as well. Near the end of a window, wait for the next one instead.
    const guardMs = Math.min(1_000, this.budget.windowMs / 20);
    for (;;) {
      await this.waitWhilePaused(signal);
      if (this.msUntilNextWindow() < guardMs) {
        await sleep(this.msUntilNextWindow() + Math.floor(Math.random() * 50), signal);
        continue;
      }
      const start = this.windowStart();
      if (!(await this.store.take(this.tenant, start, await this.allowedInWindow(start), this.budget.windowMs))) {
        await sleep(this.msUntilNextWindow() + Math.floor(Math.random() * 250), signal);
        continue;
      }
      let sent = false;
      let outcome: typeof PAUSED | { value: T };
      try {
        outcome = await this.bottleneck.schedule({ expiration: 5 * 60_000, priority }, async () => {
          if ((await this.store.pausedForMs(this.tenant)) > 0) return PAUSED;
          if (this.windowStart() !== start || this.msUntilNextWindow() < guardMs) return PAUSED;
          sent = true;
          return { value: await send() };
        });
      } catch (error) {
        // Spacing and concurrency live in Redis too: when Bottleneck itself fails there, fail closed like the budget.
        if (sent || !this.redisConnection || error instanceof BudgetUnavailableError) throw error;
        throw new BudgetUnavailableError(error);
      }
      if (outcome !== PAUSED) return outcome.value;
    }
  }

  /** Learns from the API's rate-limit headers: never plan beyond what the tenant has left this hour. */
  async observe(headers: RateLimitHeaders): Promise<void> {
    if (headers.remainingHour === undefined) return;
    const start = this.windowStart();
    this.tenantCapacity = new Map([[start, (await this.store.used(this.tenant, start)) + headers.remainingHour]]);
  }

  /** Holds every request of this tenant (in every worker sharing the store) for `ms`. */
  pause(ms: number): Promise<void> {
    return this.store.pause(this.tenant, ms);
  }

  pausedForMs(): Promise<number> {
    return this.store.pausedForMs(this.tenant);
  }

  async close(): Promise<void> {
    await this.bottleneck.disconnect();
    await this.redisConnection?.disconnect();
  }

  private async waitWhilePaused(signal?: AbortSignal): Promise<void> {
    for (let left = await this.pausedForMs(); left > 0; left = await this.pausedForMs()) {
      await sleep(Math.min(left, 1_000), signal);
    }
  }
}

const PAUSED = Symbol('paused');

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One limiter per tenant in this process, so every activity collecting a tenant shares its budget. */
const limiters = new Map<string, TenantLimiter>();

/** Closes every limiter of this process (their timers and Redis subscriptions would keep it alive). */
export async function closeAllLimiters(): Promise<void> {
  const open = [...limiters.values()];
  limiters.clear();
  await Promise.allSettled(open.map((limiter) => limiter.close()));
}

export function limiterFor(tenant: string, budget?: Partial<BudgetOptions>, redis?: Redis): TenantLimiter {
  const key = `${tenant}|${JSON.stringify(budget ?? {})}|${redis ? 'redis' : 'local'}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new TenantLimiter(tenant, budget, redis ? { store: new RedisBudgetStore(redis), redis } : { store: new LocalBudgetStore() });
    limiters.set(key, limiter);
  }
  return limiter;
}
