import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { get, simulator } from './helpers.js';

const HEADERS = [
  'x-ratelimit-limit-hour',
  'x-ratelimit-remaining-hour',
  'x-ratelimit-limit-second',
  'x-ratelimit-remaining-second',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
];

describe('tenant rate limits', () => {
  it('sends the seven Kong headers on every response, errors included', async () => {
    const sim = await simulator({ fleet: { seed: 1, devices: 5 } });
    for (const [path, token] of [
      ['/api/v1/devices', undefined],
      ['/api/v1/nope', undefined],
      ['/api/v1/devices', null],
    ] as const) {
      const response = await get(sim, path, token);
      for (const header of HEADERS) expect(response.headers.get(header), `${header} on ${path}`).not.toBeNull();
    }
    const last = await get(sim, '/api/v1/devices');
    expect(last.headers.get('x-ratelimit-remaining-hour')).toBe('9996');
    expect(last.headers.get('x-ratelimit-remaining-second')).toBe('46');
    expect(last.headers.get('ratelimit-limit')).toBe('50');
    expect(last.headers.get('ratelimit-remaining')).toBe('46');
  });

  it('answers 429 with Retry-After when the per-second window is spent, without counting it, and recovers', async () => {
    const sim = await simulator({ fleet: { seed: 1, devices: 5 }, rateLimit: { perSecond: 3 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(sim, '/api/v1/devices')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await get(sim, '/api/v1/devices');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/json');
    expect(limited.json).toEqual({ message: 'API rate limit exceeded' });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-remaining-hour')).toBe('9997');
    await sleep(Number(limited.headers.get('retry-after')) * 1000 + 50);
    expect((await get(sim, '/api/v1/devices')).status).toBe(200);
  });

  it('enforces the hourly window across tokens and counts 401s', async () => {
    const windowMs = 6_000;
    const sim = await simulator({ fleet: { seed: 1, devices: 5 }, rateLimit: { perHour: 4, hourWindowMs: windowMs } });
    // The window is clock-aligned like Kong's: start all five requests early in one window, or a loaded box crosses into the next.
    if (Date.now() % windowMs > 1_000) await sleep(windowMs + 50 - (Date.now() % windowMs));
    expect((await get(sim, '/api/v1/devices', null)).status).toBe(401);
    expect((await get(sim, '/api/v1/devices', '0e0e0e0e-0000-4000-8000-000000000000')).status).toBe(401);
    expect((await get(sim, '/api/v1/devices')).status).toBe(200);
    const lastAllowed = await get(sim, '/api/v1/devices');
    expect(lastAllowed.status).toBe(200);
    expect(lastAllowed.headers.get('ratelimit-limit')).toBe('4');
    const limited = await get(sim, '/api/v1/devices');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(windowMs / 1000);
    expect(sim.requestLog.map((entry) => entry.status)).toEqual([401, 401, 200, 200, 429]);
  });

  it('runs a gateway whose most restrictive window is 20 s: RateLimit-Reset counts down to that window, Retry-After on its 429', async () => {
    const sim = await simulator({ fleet: { seed: 1, devices: 5 }, rateLimit: { perMinute: 6, minuteWindowMs: 20_000, perSecond: 1_000 } });
    if (Date.now() % 20_000 > 17_000) await sleep(20_100 - (Date.now() % 20_000)); // all seven within one window
    const responses = [];
    for (let i = 0; i < 7; i++) responses.push(await get(sim, '/api/v1/devices'));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    const untilWindowEnds = Math.ceil((20_000 - (Date.now() % 20_000)) / 1000);
    for (const response of responses) {
      expect(response.headers.get('x-ratelimit-limit-minute')).toBe('6');
      expect(response.headers.get('ratelimit-limit')).toBe('6');
      expect(Math.abs(Number(response.headers.get('ratelimit-reset')) - untilWindowEnds)).toBeLessThanOrEqual(1);
      expect(Number(response.headers.get('x-ratelimit-remaining-hour'))).toBeGreaterThan(9_000);
    }
    expect(responses.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['5', '4', '3', '2', '1', '0', '0']);
    expect(responses[6]!.headers.get('retry-after')).toBe(responses[6]!.headers.get('ratelimit-reset'));
  });

  it('lets a foreign client spend the hourly quota', async () => {
    const sim = await simulator({ fleet: { seed: 1, devices: 5 }, rateLimit: { perHour: 100 } });
    sim.consumeQuota(95);
    const response = await get(sim, '/api/v1/devices');
    expect(response.headers.get('x-ratelimit-remaining-hour')).toBe('4');
    sim.consumeQuota(4);
    const limited = await get(sim, '/api/v1/devices');
    expect(limited.status).toBe(429);
    const untilTopOfWindow = Math.ceil((3_600_000 - (Date.now() % 3_600_000)) / 1000);
    expect(Math.abs(Number(limited.headers.get('retry-after')) - untilTopOfWindow)).toBeLessThanOrEqual(1);
  });
});
