import { describe, expect, it } from 'vitest';
import { NOT_FOUND_HTML } from '../../src/simulator/index.js';
import { get, simulator, TOKEN } from './helpers.js';

describe('HTTP behaviour', () => {
  it('listens on 127.0.0.1 only', async () => {
    const sim = await simulator({ fleet: { seed: 3, devices: 1 } });
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers unknown paths with Django’s HTML 404', async () => {
    const sim = await simulator({ fleet: { seed: 3, devices: 1 } });
    const response = await get(sim, '/api/v1/not-an-endpoint');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.text).toBe(NOT_FOUND_HTML);
    expect(NOT_FOUND_HTML).toBe(
      '<!doctype html><html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on ' +
        'this server.</p></body></html>',
    );
  });

  it('answers 405 to other methods and logs them', async () => {
    const sim = await simulator({ fleet: { seed: 3, devices: 1 } });
    const response = await fetch(`${sim.url}/api/v1/devices`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: '{}' });
    expect(response.status).toBe(405);
    expect(await response.text()).toBe(JSON.stringify({ detail: 'Method "POST" not allowed.' }));
    expect(sim.requestLog).toMatchObject([{ method: 'POST', path: '/api/v1/devices', status: 405 }]);
  });

  it('accepts a trailing slash and ignores unknown query parameters', async () => {
    const sim = await simulator({ fleet: { seed: 3, devices: 4 } });
    const plain = await get(sim, '/api/v1/devices');
    expect((await get(sim, '/api/v1/devices/?source=iructl&whatever=1')).text).toBe(plain.text);
    expect(sim.requestLog[1]).toMatchObject({ path: '/api/v1/devices/', query: 'source=iructl&whatever=1', status: 200 });
  });

  it('adds the configured latency to every response', async () => {
    const sim = await simulator({ fleet: { seed: 3, devices: 1 }, latencyMs: 120 });
    const started = Date.now();
    await get(sim, '/api/v1/nope');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
