import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverWindowFrom } from '../../src/iru/budget/server-window.js';
import { RedisBudgetStore } from '../../src/iru/budget/redis-budget-store.js';
import { IruHttp, IruRateLimitedError, TenantLimiter, rateLimitWait, readRateLimitHeaders } from '../../src/iru/index.js';
import { startRedis } from '../helpers/redis-server.js';

const NOW = Date.parse('2026-03-01T10:15:00.000Z');
const KONG = {
  'x-ratelimit-limit-hour': '10000',
  'x-ratelimit-remaining-hour': '9120',
  'x-ratelimit-limit-second': '50',
  'x-ratelimit-remaining-second': '49',
  'ratelimit-limit': '40',
  'ratelimit-remaining': '12',
  'ratelimit-reset': '17',
};

describe('reading the rate-limit headers', () => {
  it("reads Kong's X-RateLimit-* and the IETF draft's RateLimit-Limit, -Remaining and -Reset", () => {
    expect(readRateLimitHeaders(KONG, NOW)).toEqual({
      limitHour: 10_000,
      remainingHour: 9_120,
      remainingSecond: 49,
      limit: 40,
      remaining: 12,
      resetSeconds: 17,
      retryAfterMs: undefined,
    });
  });

  it('reads nothing from a response without rate-limit headers (the 2022 API), and ignores unreadable values', () => {
    expect(Object.values(readRateLimitHeaders({ 'content-type': 'application/json' }, NOW)).every((v) => v === undefined)).toBe(true);
    expect(readRateLimitHeaders({ 'ratelimit-reset': 'soon', 'ratelimit-remaining': '-3', 'retry-after': 'later' }, NOW)).toMatchObject({
      resetSeconds: undefined,
      remaining: undefined,
      retryAfterMs: undefined,
    });
  });

  it('waits per Retry-After in seconds or as an HTTP date, else per RateLimit-Reset, else not at all', () => {
    expect(rateLimitWait(readRateLimitHeaders({ 'retry-after': '20', 'ratelimit-reset': '5' }, NOW))).toEqual({ ms: 20_000, source: 'retry-after' });
    expect(rateLimitWait(readRateLimitHeaders({ 'retry-after': new Date(NOW + 42_000).toUTCString() }, NOW))).toEqual({ ms: 42_000, source: 'retry-after' });
    expect(rateLimitWait(readRateLimitHeaders({ 'ratelimit-reset': '17' }, NOW))).toEqual({ ms: 17_000, source: 'ratelimit-reset' });
    expect(rateLimitWait(readRateLimitHeaders({}, NOW))).toBeUndefined();
  });

  it("takes the window's end from RateLimit-Reset, from Retry-After on a 429, and from the clock-aligned hour only when the server says nothing", () => {
    const clockEnd = NOW + 45 * 60_000;
    expect(serverWindowFrom(readRateLimitHeaders(KONG, NOW), 200, NOW, clockEnd)).toEqual({ left: 12, endsAt: NOW + 17_000, source: 'ratelimit-reset' });
    expect(serverWindowFrom(readRateLimitHeaders({ ...KONG, 'retry-after': '19', 'ratelimit-remaining': '0' }, NOW), 429, NOW, clockEnd)).toEqual({
      left: 0,
      endsAt: NOW + 19_000,
      source: 'retry-after',
    });
    expect(serverWindowFrom(readRateLimitHeaders({ 'x-ratelimit-remaining-hour': '300' }, NOW), 200, NOW, clockEnd)).toEqual({
      left: 300,
      endsAt: clockEnd,
      source: 'clock-hour',
    });
    expect(serverWindowFrom(readRateLimitHeaders({}, NOW), 200, NOW, clockEnd)).toBeUndefined();
  });
});

describe('the limiter and the server window', () => {
  const hourly = { hourlyQuota: 10_000, share: 0.6, windowMs: 3_600_000, perSecond: 100, maxConcurrent: 4 };

  it('waits for the end the server announced (RateLimit-Reset: 20 s), not for the next clock hour', async () => {
    const limiter = new TenantLimiter('reset-announced', hourly);
    try {
      await limiter.observe(readRateLimitHeaders({ 'x-ratelimit-remaining-hour': '0', 'ratelimit-remaining': '0', 'ratelimit-reset': '20' }), 200);
      const window = await limiter.currentWindow();
      expect(window).toMatchObject({ left: 0, endSource: 'ratelimit-reset' });
      expect(window.endsInMs).toBeGreaterThan(19_000);
      expect(window.endsInMs).toBeLessThanOrEqual(20_000);
    } finally {
      await limiter.close();
    }
  });

  it('keeps our share and the clock-aligned hour when the server sends no rate-limit header', async () => {
    const limiter = new TenantLimiter('no-headers', hourly);
    try {
      await limiter.observe(readRateLimitHeaders({}), 200);
      const now = Date.now();
      const window = await limiter.currentWindow(now);
      expect(window).toEqual({ left: 6_000, endsInMs: limiter.msUntilNextWindow(now), endSource: 'clock-hour' });
    } finally {
      await limiter.close();
    }
  });

  it('sends nothing more once the announced window is spent, and sends again as soon as it has reset', async () => {
    const limiter = new TenantLimiter('short-window', hourly);
    try {
      await limiter.observe(readRateLimitHeaders({ 'x-ratelimit-remaining-hour': '9000', 'ratelimit-remaining': '1', 'ratelimit-reset': '2' }), 200);
      const sentAt: number[] = [];
      const started = Date.now();
      for (let i = 0; i < 2; i++) await limiter.schedule(async () => sentAt.push(Date.now() - started));
      expect(sentAt[0]).toBeLessThan(500);
      expect(sentAt[1]).toBeGreaterThanOrEqual(1_900);
      expect(sentAt[1]).toBeLessThan(3_500);
    } finally {
      await limiter.close();
    }
  });

  it('shares the window one worker learned with every worker through Redis', async () => {
    const redis = await startRedis();
    const clients = [new Redis(redis.url), new Redis(redis.url)];
    const [learner, other] = clients.map((client) => new TenantLimiter('shared-reset', hourly, { store: new RedisBudgetStore(client) }));
    try {
      await learner!.observe(readRateLimitHeaders({ 'ratelimit-remaining': '0', 'ratelimit-reset': '20' }), 200);
      const window = await other!.currentWindow();
      expect(window).toMatchObject({ left: 0, endSource: 'ratelimit-reset' });
      expect(window.endsInMs).toBeGreaterThan(19_000);
      expect(window.endsInMs).toBeLessThanOrEqual(20_000);
    } finally {
      await Promise.all([learner!.close(), other!.close()]);
      clients.forEach((client) => client.disconnect());
      await redis.stop();
    }
  });
});

describe('a 429 without Retry-After', () => {
  let server: Server;
  let baseUrl: URL;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'ratelimit-limit': '40', 'ratelimit-remaining': '0', 'ratelimit-reset': '7' });
      res.end('{"message":"API rate limit exceeded"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('waits for RateLimit-Reset, not a fixed minute', async () => {
    const limiter = new TenantLimiter('no-retry-after', { perSecond: 100 });
    const http = new IruHttp({ baseUrl, token: '5f0c3b9e-0000-4000-8000-000000000001', limiter, maxInlineRateLimitWaitMs: 0 });
    try {
      const error = await http.get(http.url('/api/v1/devices'), (r) => r.body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IruRateLimitedError);
      expect((error as IruRateLimitedError).retryAfterMs).toBe(7_000);
    } finally {
      await http.close();
      await limiter.close();
    }
  });
});
