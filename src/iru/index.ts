export * from './errors.js';
export * from './base-url.js';
export * from './catalog.js';
export * from './http.js';
export * from './limiter.js';
export * from './pagination/index.js';
export { readRateLimitHeaders, retryAfterMs } from './rate-limit-headers.js';
