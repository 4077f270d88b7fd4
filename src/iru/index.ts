export * from './errors.js';
export * from './credential-gate.js';
export * from './base-url.js';
export * from './catalog.js';
export * from './http.js';
export * from './limiter.js';
export * from './pagination/index.js';
export { rateLimitWait, readRateLimitHeaders, retryAfterMs } from './rate-limit-headers.js';
export type { WindowEndSource } from './budget/server-window.js';
