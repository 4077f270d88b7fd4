import { rateLimitWait, type RateLimitHeaders, type ServerWaitSource } from '../rate-limit-headers.js';

/** What told the limiter when the budget window ends: the server's headers, or the clock-aligned window as a fallback. */
export type WindowEndSource = ServerWaitSource | 'clock-hour';

/** What the server said about the tenant's window: requests left in it, and when it ends. */
export interface ServerWindow {
  left: number;
  endsAt: number;
  source: WindowEndSource;
}

/**
 * The window a response describes. A 429 leaves nothing until Retry-After (or RateLimit-Reset) has passed. Otherwise
 * `RateLimit-Remaining` and `RateLimit-Reset` describe the most restrictive window; without them, the tenant's hourly
 * remainder (X-RateLimit-Remaining-Hour) holds until the clock-aligned window ends. Undefined when the response says
 * nothing about the rate limit (the 2022 API sent no such header).
 */
export function serverWindowFrom(headers: RateLimitHeaders, status: number, now: number, clockWindowEnd: number): ServerWindow | undefined {
  const wait = status === 429 ? rateLimitWait(headers) : undefined;
  if (wait) return { left: 0, endsAt: now + wait.ms, source: wait.source };
  if (headers.remaining !== undefined && headers.resetSeconds !== undefined) {
    return { left: headers.remaining, endsAt: now + Math.round(headers.resetSeconds * 1000), source: 'ratelimit-reset' };
  }
  if (headers.remainingHour !== undefined) return { left: headers.remainingHour, endsAt: clockWindowEnd, source: 'clock-hour' };
  return undefined;
}
