import { ERROR_TYPES } from '../../failures/index.js';
import type { WindowEndSource } from './server-window.js';

/**
 * The shared budget (Redis) cannot be read or updated. The limiter fails closed: no request goes to Iru without the
 * shared budget, since a per-worker fallback could exceed the tenant's share once several workers collect it.
 */
export class BudgetUnavailableError extends Error {
  override readonly name = 'BudgetUnavailableError';
  readonly code = ERROR_TYPES.budgetUnavailable;
  constructor(cause: unknown) {
    super(
      `The shared request budget in Redis cannot be reached (${cause instanceof Error ? cause.message : String(cause)}): no request is sent to ` +
        `Iru without it, so that all workers together stay within the tenant's share`,
      { cause },
    );
  }
}

/**
 * Where a tenant's window counters and pause live: in this process, or in Redis so that every worker
 * collecting the tenant draws on one budget and honours one 429 pause.
 */
export interface BudgetStore {
  /** Counts one request in the window starting at `windowStart` if fewer than `limit` were counted; true when counted. */
  take(tenant: string, windowStart: number, limit: number, windowMs: number): Promise<boolean>;
  used(tenant: string, windowStart: number): Promise<number>;
  /** Holds every request of the tenant for `ms`. */
  pause(tenant: string, ms: number): Promise<void>;
  pausedForMs(tenant: string): Promise<number>;
  /** Keeps what the server said about its window until that window ends (in every worker, with Redis). */
  learn(tenant: string, window: LearnedWindow): Promise<void>;
  /** The window last learned, while it has not ended. */
  learned(tenant: string): Promise<LearnedWindow | undefined>;
  close(): Promise<void>;
}

/** The server's window in the store's terms: at most `capacity` requests counted in the clock window `clockWindowStart`. */
export interface LearnedWindow {
  capacity: number;
  clockWindowStart: number;
  endsAt: number;
  source: WindowEndSource;
}

export class LocalBudgetStore implements BudgetStore {
  private readonly windows = new Map<string, { start: number; used: number }>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly learnedWindows = new Map<string, LearnedWindow>();

  async take(tenant: string, windowStart: number, limit: number): Promise<boolean> {
    const window = this.window(tenant, windowStart);
    if (window.used >= limit) return false;
    window.used += 1;
    return true;
  }

  async used(tenant: string, windowStart: number): Promise<number> {
    return this.window(tenant, windowStart).used;
  }

  async pause(tenant: string, ms: number): Promise<void> {
    this.pausedUntil.set(tenant, Math.max(this.pausedUntil.get(tenant) ?? 0, Date.now() + ms));
  }

  async pausedForMs(tenant: string): Promise<number> {
    return Math.max(0, (this.pausedUntil.get(tenant) ?? 0) - Date.now());
  }

  async learn(tenant: string, window: LearnedWindow): Promise<void> {
    this.learnedWindows.set(tenant, window);
  }

  async learned(tenant: string): Promise<LearnedWindow | undefined> {
    const window = this.learnedWindows.get(tenant);
    return window && window.endsAt > Date.now() ? window : undefined;
  }

  async close(): Promise<void> {}

  private window(tenant: string, start: number) {
    let window = this.windows.get(tenant);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(tenant, window);
    }
    return window;
  }
}
