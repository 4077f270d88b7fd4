import { describe, expect, it } from 'vitest';
import { get, simulator, TOKEN } from './helpers.js';

describe('fault injection', () => {
  it('returns an injected status for the next `times` matching requests only', async () => {
    const sim = await simulator({ fleet: { seed: 2, devices: 5 } });
    sim.inject({ path: '/api/v1/devices', kind: 'status', status: 503, times: 2 });
    expect((await get(sim, '/api/v1/tags')).status).toBe(200);
    const failed = await get<{ detail: string }>(sim, '/api/v1/devices/');
    expect(failed.status).toBe(503);
    expect(typeof failed.json.detail).toBe('string');
    expect((await get(sim, '/api/v1/devices?offset=0')).status).toBe(503);
    expect((await get(sim, '/api/v1/devices')).status).toBe(200);
  });

  it('matches by regular expression or route template, and can be cleared', async () => {
    const sim = await simulator({ fleet: { seed: 2, devices: 5 } });
    sim.inject({ path: '/api/v1/devices/{device_id}/details', kind: 'status', status: 500, times: 1 });
    expect((await get(sim, `/api/v1/devices/${sim.fleet.device(1).id}/details`)).status).toBe(500);
    sim.inject({ path: /prism/, kind: 'status', status: 502, times: 5 });
    expect((await get(sim, '/api/v1/prism/apps')).status).toBe(502);
    sim.clearFaults();
    expect((await get(sim, '/api/v1/prism/apps')).status).toBe(200);
  });

  it('cuts the body short of its Content-Length', async () => {
    const sim = await simulator({ fleet: { seed: 2, devices: 50 } });
    sim.inject({ kind: 'cut-body', times: 1 });
    const response = await fetch(`${sim.url}/api/v1/devices`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect((await get(sim, '/api/v1/devices')).json).toHaveLength(50);
  });

  it('sends malformed JSON with a 200', async () => {
    const sim = await simulator({ fleet: { seed: 2, devices: 5 } });
    sim.inject({ kind: 'malformed-json', times: 1 });
    const response = await fetch(`${sim.url}/api/v1/devices`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('delays a slow response and then answers normally', async () => {
    const sim = await simulator({ fleet: { seed: 2, devices: 5 } });
    sim.inject({ kind: 'slow', delayMs: 250, times: 1 });
    const started = Date.now();
    const response = await get(sim, '/api/v1/devices');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(response.status).toBe(200);
    expect(sim.requestLog[0]!.durationMs).toBeGreaterThanOrEqual(240);
  });

  it('simulates a 429 with the requested Retry-After, without spending quota', async () => {
    const sim = await simulator({ fleet: { seed: 2, devices: 5 } });
    sim.inject({ kind: 'rate-limit', retryAfterSec: 7, times: 1 });
    const limited = await get(sim, '/api/v1/devices');
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ message: 'API rate limit exceeded' });
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await get(sim, '/api/v1/devices')).headers.get('x-ratelimit-remaining-hour')).toBe('9999');
  });
});
