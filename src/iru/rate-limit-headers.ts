export interface RateLimitHeaders {
  remainingHour?: number;
  limitHour?: number;
  remainingSecond?: number;
}

type Headers = Record<string, string | string[] | undefined>;

function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Kong's headers (reference §3). `RateLimit-Remaining` describes the most restrictive window (the per-second one),
 * so the hourly remainder is read from X-RateLimit-Remaining-Hour only.
 */
export function readRateLimitHeaders(headers: Headers): RateLimitHeaders {
  return {
    remainingHour: numberHeader(headers, 'x-ratelimit-remaining-hour'),
    limitHour: numberHeader(headers, 'x-ratelimit-limit-hour'),
    remainingSecond: numberHeader(headers, 'x-ratelimit-remaining-second'),
  };
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
