/**
 * Kong-style fixed-window rate limiting per tenant (reference §3 "Simulator recommendation").
 * The hourly window is aligned to multiples of its length since the epoch, as Kong aligns it to the UTC hour, so a
 * client can know when the quota resets. The per-second window opens with the first request after the previous one
 * expired, so tests get whole seconds. Rejected requests are not counted, as in Kong.
 */

export interface RateLimitSettings {
  perHour: number;
  perSecond: number;
  hourWindowMs: number;
  secondWindowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { perHour: 10_000, perSecond: 50, hourWindowMs: 3_600_000, secondWindowMs: 1_000 };

class FixedWindow {
  private start = -Infinity;
  used = 0;

  constructor(
    readonly name: 'Hour' | 'Second',
    readonly limit: number,
    readonly lengthMs: number,
    private readonly aligned: boolean,
  ) {}

  roll(now: number): void {
    if (now >= this.start + this.lengthMs) {
      this.start = this.aligned ? Math.floor(now / this.lengthMs) * this.lengthMs : now;
      this.used = 0;
    }
  }

  remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  /** Seconds until this window resets, at least 1 (Kong's RateLimit-Reset / Retry-After). */
  resetSeconds(now: number): number {
    return Math.max(1, Math.ceil((this.start + this.lengthMs - now) / 1000));
  }
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Set when not allowed. */
  retryAfterSec?: number;
}

export class TenantRateLimiter {
  private readonly hour: FixedWindow;
  private readonly second: FixedWindow;

  constructor(settings: RateLimitSettings, private readonly now: () => number = Date.now) {
    this.hour = new FixedWindow('Hour', settings.perHour, settings.hourWindowMs, true);
    this.second = new FixedWindow('Second', settings.perSecond, settings.secondWindowMs, false);
  }

  /** Counts one request if both windows have room. */
  take(): RateDecision {
    const now = this.roll();
    const exhausted = [this.hour, this.second].filter((w) => w.remaining() === 0);
    if (exhausted.length > 0) {
      const headers = this.headers(now);
      const retryAfterSec = Number(headers['RateLimit-Reset']);
      return { allowed: false, headers: { ...headers, 'Retry-After': String(retryAfterSec) }, retryAfterSec };
    }
    this.hour.used++;
    this.second.used++;
    return { allowed: true, headers: this.headers(now) };
  }

  /** Another client of the same tenant spends `n` of the hourly quota. */
  consume(n: number): void {
    this.roll();
    this.hour.used += n;
  }

  /** Current headers without counting anything. */
  peek(): Record<string, string> {
    return this.headers(this.roll());
  }

  private roll(): number {
    const now = this.now();
    this.hour.roll(now);
    this.second.roll(now);
    return now;
  }

  /** RateLimit-* describe the window with the least room left (ties: the longer window), as Kong does. */
  private headers(now: number): Record<string, string> {
    const tightest = this.second.remaining() < this.hour.remaining() ? this.second : this.hour;
    return {
      'X-RateLimit-Limit-Hour': String(this.hour.limit),
      'X-RateLimit-Remaining-Hour': String(this.hour.remaining()),
      'X-RateLimit-Limit-Second': String(this.second.limit),
      'X-RateLimit-Remaining-Second': String(this.second.remaining()),
      'RateLimit-Limit': String(tightest.limit),
      'RateLimit-Remaining': String(tightest.remaining()),
      'RateLimit-Reset': String(tightest.resetSeconds(now)),
    };
  }
}
