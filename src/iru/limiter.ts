import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { BudgetUnavailableError, LocalBudgetStore, type BudgetStore } from './budget/budget-store.js';
import { RedisBudgetStore } from './budget/redis-budget-store.js';
import { serverWindowFrom, type WindowEndSource } from './budget/server-window.js';
import type { RateLimitHeaders } from './rate-limit-headers.js';

export interface BudgetOptions {
  /** The tenant's documented quota: 10,000 requests per hour. */
  hourlyQuota: number;
  /** The share of the quota this connector may use; the rest stays with the customer's own scripts. */
  share: number;
  /**
   * Length of our share's window in ms (an hour; shortened in tests). Windows start at multiples of it, as Kong's do.
   * The server's own window, when its headers announce one, ends when they say (RateLimit-Reset, Retry-After).
   */
  windowMs: number;
  /** Requests per second, kept well under the gateway's 50/s burst limit. */
  perSecond: number;
  maxConcurrent: number;
}

export { BudgetUnavailableError } from './budget/budget-store.js';

export const DEFAULT_BUDGET: BudgetOptions = { hourlyQuota: 10_000, share: 0.6, windowMs: 3_600_000, perSecond: 10, maxConcurrent: 4 };

/** What is left of the budget now, and when the window that binds it ends. */
export interface BudgetWindow {
  left: number;
  endsInMs: number;
  /** The server's RateLimit-Reset or Retry-After, or the clock-aligned window when the server announced no end. */
  endSource: WindowEndSource;
}

export interface LimiterBackend {
  store: BudgetStore;
  /** When set, Bottleneck keeps concurrency and spacing in Redis, shared by every worker. */
  redis?: Redis;
}

/**
 * One tenant's request budget. Each request takes a token from the current window: our share of the hourly quota,
 * never more than the server says is left (RateLimit-Remaining of its most restrictive window until RateLimit-Reset,
 * else X-RateLimit-Remaining-Hour until the clock-aligned window ends). Bottleneck spaces requests and bounds
 * concurrency; a 429 pauses the whole tenant until Retry-After (else RateLimit-Reset) has passed. With Redis, the
 * counters, the pause and the server's window are shared by every worker.
 */
export class TenantLimiter {
  readonly budget: BudgetOptions;
  readonly tenant: string;
  private readonly store: BudgetStore;
  private readonly bottleneck: Bottleneck;
  private readonly redisConnection?: Bottleneck.IORedisConnection;
  /** Tokens this process has taken whose request has not been answered yet: the server has not counted them. */
  private unanswered = 0;
  private restoreSharedState?: NodeJS.Timeout;

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
    if (this.redisConnection) {
      // Bottleneck re-creates its settings in Redis when a script other than its heartbeat finds them gone
      // (node_modules/bottleneck/lib/RedisDatastore.js, runScript). After Redis comes back empty, requests already in
      // its queue would wait for ever for a capacity message that only a heartbeat with settings publishes.
      this.restoreSharedState = setInterval(() => {
        if (this.bottleneck.queued() > 0) this.bottleneck.running().catch(() => {});
      }, 5_000);
      this.restoreSharedState.unref();
    }
  }

  /** The largest number of requests we may send in a window: our share, capped by what the tenant has left. */
  get shareLimit(): number {
    return Math.max(1, Math.floor(this.budget.hourlyQuota * this.budget.share));
  }

  windowStart(now = Date.now()): number {
    return Math.floor(now / this.budget.windowMs) * this.budget.windowMs;
  }

  /** Until our share's clock-aligned window ends. */
  msUntilNextWindow(now = Date.now()): number {
    return this.windowStart(now) + this.budget.windowMs - now;
  }

  async allowedInWindow(windowStart = this.windowStart()): Promise<number> {
    const server = await this.serverWindow(windowStart);
    return server === undefined ? this.shareLimit : Math.min(this.shareLimit, server.capacity);
  }

  async remainingInWindow(): Promise<number> {
    return (await this.currentWindow()).left;
  }

  /** What is left now and when it refills: the server's window when it leaves less than our share, else our share's. */
  async currentWindow(now = Date.now()): Promise<BudgetWindow> {
    const start = this.windowStart(now);
    const [used, server] = await Promise.all([this.store.used(this.tenant, start), this.serverWindow(start, now)]);
    const share: BudgetWindow = { left: this.shareLimit - used, endsInMs: this.msUntilNextWindow(now), endSource: 'clock-hour' };
    const binding =
      server && server.capacity - used < share.left ? { left: server.capacity - used, endsInMs: server.endsAt - now, endSource: server.source } : share;
    return { ...binding, left: Math.max(0, binding.left) };
  }

  /** Runs `send` once the window has budget left and the tenant is not paused; lower `priority` goes first. */
  async schedule<T>(send: () => Promise<T>, signal?: AbortSignal, priority = 5): Promise<T> {
    // A token belongs to the window it was taken in; a request that reached Iru after that window ended would be
    // counted in the next one as well. Near the end of a window, wait for the next one instead.
    const guardMs = Math.min(1_000, this.budget.windowMs / 10);
    for (;;) {
      await this.waitWhilePaused(signal);
      if (this.msUntilNextWindow() < guardMs) {
        await sleep(this.msUntilNextWindow() + Math.floor(Math.random() * 50), signal);
        continue;
      }
      const start = this.windowStart();
      if (!(await this.store.take(this.tenant, start, await this.allowedInWindow(start), this.budget.windowMs))) {
        const window = await this.currentWindow();
        // left > 0: the server's window ended between the two reads; try again at once.
        await sleep((window.left > 0 ? 0 : window.endsInMs) + Math.floor(Math.random() * 250), signal);
        continue;
      }
      let sent = false;
      let outcome: typeof PAUSED | { value: T };
      this.unanswered += 1;
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
      } finally {
        this.unanswered -= 1;
      }
      if (outcome !== PAUSED) return outcome.value;
    }
  }

  /**
   * Learns from a response's rate-limit headers what the server has left and when its window ends, so that no request
   * is sent beyond it. A response without them (the 2022 API) teaches nothing: our share and the clock-aligned window hold.
   */
  async observe(headers: RateLimitHeaders, status = 200): Promise<void> {
    const now = Date.now();
    const start = this.windowStart(now);
    const window = serverWindowFrom(headers, status, now, start + this.budget.windowMs);
    if (!window) return;
    const used = await this.store.used(this.tenant, start);
    // Our other unanswered requests are counted in `used` but not yet by the server: they will spend what it reports left.
    const capacity = used + window.left - Math.max(0, this.unanswered - 1);
    await this.store.learn(this.tenant, { capacity, clockWindowStart: start, endsAt: window.endsAt, source: window.source });
  }

  /** Holds every request of this tenant (in every worker sharing the store) for `ms`. */
  pause(ms: number): Promise<void> {
    return this.store.pause(this.tenant, ms);
  }

  pausedForMs(): Promise<number> {
    return this.store.pausedForMs(this.tenant);
  }

  /** Requests past the budget that wait for Bottleneck's concurrency and spacing. */
  waitingInQueue(): number {
    return this.bottleneck.queued();
  }

  async close(): Promise<void> {
    clearInterval(this.restoreSharedState);
    await this.bottleneck.disconnect();
    await this.redisConnection?.disconnect();
  }

  /** The server's window learned from the headers (by any worker, with Redis), while it lasts and belongs to this clock window. */
  private async serverWindow(clockWindowStart: number, now = Date.now()) {
    const learned = await this.store.learned(this.tenant);
    return learned && learned.clockWindowStart === clockWindowStart && learned.endsAt > now ? learned : undefined;
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
