/**
 * Kong-style fixed-window rate limiting per tenant, as the Iru gateway answers (test/budget/rate-limit-headers.test.ts).
 * The hourly (and minute) window is aligned to multiples of its length since the epoch, as Kong aligns it to the UTC
 * hour, so a client can know when the quota resets. The per-second window opens with the first request after the
 * previous one expired, so tests get whole seconds. Rejected requests are not counted, as in Kong.
 */

export interface RateLimitSettings {
  perHour: number;
  perSecond: number;
  hourWindowMs: number;
  secondWindowMs: number;
  /**
   * An optional minute window (Iru's gateway has none): with a short `minuteWindowMs` and a small quota, a gateway whose
   * most restrictive window is, say, 20 s, announced only by RateLimit-Reset while the hourly quota is far from spent.
   */
  perMinute?: number;
  minuteWindowMs?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { perHour: 10_000, perSecond: 50, hourWindowMs: 3_600_000, secondWindowMs: 1_000 };

class FixedWindow {
  private start = -Infinity;
  used = 0;

  constructor(
    readonly name: 'Hour' | 'Minute' | 'Second',
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
  /** Longest first: the order breaks ties in RateLimit-* towards the longer window. */
  private readonly windows: FixedWindow[];

  constructor(
    settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.hour = new FixedWindow('Hour', settings.perHour, settings.hourWindowMs, true);
    const minute = settings.perMinute === undefined ? [] : [new FixedWindow('Minute', settings.perMinute, settings.minuteWindowMs ?? 60_000, true)];
    this.windows = [this.hour, ...minute, new FixedWindow('Second', settings.perSecond, settings.secondWindowMs, false)];
  }

  /** Counts one request if every window has room. */
  take(): RateDecision {
    const now = this.roll();
    if (this.windows.some((w) => w.remaining() === 0)) {
      const headers = this.headers(now);
      const retryAfterSec = Number(headers['RateLimit-Reset']);
      return { allowed: false, headers: { ...headers, 'Retry-After': String(retryAfterSec) }, retryAfterSec };
    }
    for (const window of this.windows) window.used++;
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
    for (const window of this.windows) window.roll(now);
    return now;
  }

  /** X-RateLimit-* for each window; RateLimit-* describe the window with the least room left (ties: the longer window), as Kong does. */
  private headers(now: number): Record<string, string> {
    const tightest = this.windows.reduce((tight, w) => (w.remaining() < tight.remaining() ? w : tight));
    return {
      ...Object.fromEntries(
        this.windows.flatMap((w) => [
          [`X-RateLimit-Limit-${w.name}`, String(w.limit)],
          [`X-RateLimit-Remaining-${w.name}`, String(w.remaining())],
        ]),
      ),
      'RateLimit-Limit': String(tightest.limit),
      'RateLimit-Remaining': String(tightest.remaining()),
      'RateLimit-Reset': String(tightest.resetSeconds(now)),
    };
  }
}
