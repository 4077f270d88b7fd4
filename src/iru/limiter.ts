import Bottleneck from 'bottleneck';

export interface BudgetOptions {
  /** The tenant's documented quota: 10,000 requests per hour. */
  hourlyQuota: number;
  /** The share of the quota this connector may use; the rest stays with the customer's own scripts. */
  share: number;
  /** Length of the quota window in ms (an hour; shortened in tests). */
  windowMs: number;
  /** Requests per second, kept well under the gateway's 50/s burst limit. */
  perSecond: number;
  maxConcurrent: number;
}

export const DEFAULT_BUDGET: BudgetOptions = { hourlyQuota: 10_000, share: 0.6, windowMs: 3_600_000, perSecond: 10, maxConcurrent: 4 };

/**
 * One tenant's request budget: a Bottleneck reservoir of `share x quota` per window, spacing and concurrency,
 * and a pause that holds every request of the tenant (after a 429) until Retry-After has passed.
 */
export class TenantLimiter {
  readonly budget: BudgetOptions;
  private readonly bottleneck: Bottleneck;
  private pausedUntil = 0;

  constructor(budget: Partial<BudgetOptions> = {}) {
    this.budget = { ...DEFAULT_BUDGET, ...budget };
    const perWindow = Math.max(1, Math.floor(this.budget.hourlyQuota * this.budget.share));
    this.bottleneck = new Bottleneck({
      maxConcurrent: this.budget.maxConcurrent,
      minTime: Math.ceil(1000 / this.budget.perSecond),
      reservoir: perWindow,
      reservoirRefreshAmount: perWindow,
      reservoirRefreshInterval: this.budget.windowMs,
    });
    this.bottleneck.on('error', () => {});
  }

  /** Runs `send` when the budget allows and the tenant is not paused. */
  async schedule<T>(send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      await this.waitWhilePaused(signal);
      const outcome = await this.bottleneck.schedule(async () => (Date.now() < this.pausedUntil ? PAUSED : { value: await send() }));
      if (outcome !== PAUSED) return outcome.value;
    }
  }

  /** Holds every request of this tenant for `ms` (plus the caller's jitter). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  get pausedForMs(): number {
    return Math.max(0, this.pausedUntil - Date.now());
  }

  async remainingInWindow(): Promise<number | null> {
    return this.bottleneck.currentReservoir();
  }

  async close(): Promise<void> {
    await this.bottleneck.disconnect();
  }

  private async waitWhilePaused(signal?: AbortSignal): Promise<void> {
    while (this.pausedForMs > 0) {
      signal?.throwIfAborted();
      await sleep(Math.min(this.pausedForMs, 1_000), signal);
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

export function limiterFor(tenant: string, budget?: Partial<BudgetOptions>): TenantLimiter {
  let limiter = limiters.get(tenant);
  if (!limiter) {
    limiter = new TenantLimiter(budget);
    limiters.set(tenant, limiter);
  }
  return limiter;
}
