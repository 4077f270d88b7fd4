export interface RateLimitHeaders {
  remainingHour?: number;
  limitHour?: number;
  remainingSecond?: number;
  /** IETF draft `RateLimit-*`: the most restrictive window's quota, what is left of it, and seconds until it resets. */
  limit?: number;
  remaining?: number;
  resetSeconds?: number;
  /** `Retry-After` (seconds or an HTTP date) in milliseconds. */
  retryAfterMs?: number;
}

type Headers = Record<string, string | string[] | undefined>;

function headerValue(headers: Headers, name: string): string | undefined {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value : undefined;
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headerValue(headers, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Kong's headers (iru-api-observed.md "Rate limits"). `RateLimit-Remaining` and `RateLimit-Reset` describe the most
 * restrictive window (often the per-second one), so the hourly remainder is read from X-RateLimit-Remaining-Hour.
 * Responses from before 2022 carry none of them: every field is then undefined.
 */
export function readRateLimitHeaders(headers: Headers, now = Date.now()): RateLimitHeaders {
  return {
    remainingHour: numberHeader(headers, 'x-ratelimit-remaining-hour'),
    limitHour: numberHeader(headers, 'x-ratelimit-limit-hour'),
    remainingSecond: numberHeader(headers, 'x-ratelimit-remaining-second'),
    limit: numberHeader(headers, 'ratelimit-limit'),
    remaining: numberHeader(headers, 'ratelimit-remaining'),
    resetSeconds: numberHeader(headers, 'ratelimit-reset'),
    retryAfterMs: retryAfterMs(headers, now),
  };
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headerValue(headers, 'retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Where the server told us how long to wait. */
export type ServerWaitSource = 'retry-after' | 'ratelimit-reset';

/** How long a 429 asks to wait: Retry-After, else the seconds until the most restrictive window resets; undefined when neither is sent. */
export function rateLimitWait(headers: RateLimitHeaders): { ms: number; source: ServerWaitSource } | undefined {
  if (headers.retryAfterMs !== undefined) return { ms: headers.retryAfterMs, source: 'retry-after' };
  if (headers.resetSeconds !== undefined) return { ms: Math.round(headers.resetSeconds * 1000), source: 'ratelimit-reset' };
  return undefined;
}
