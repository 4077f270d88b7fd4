import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { requestsPerWindow } from '../scale/observations.js';
import { budgetedTenant } from '../helpers/budgeted-tenant.js';
import { collectOnce } from '../helpers/collect.js';
import { devicePages } from '../../src/simulator/request-floor.js';

const WINDOW_MS = 4_000;
const QUOTA = 100;
const SHARE = 0.6;
const tenant = budgetedTenant({ hourlyQuota: QUOTA, share: SHARE, windowMs: WINDOW_MS, perSecond: 100, maxConcurrent: 4 });
const { token: TOKEN, ours } = tenant;

describe('the tenant budget', () => {
  it('never exceeds its share while a foreign client spends part of each window, and completes across windows', async () => {
    const sim = tenant.track(
      await startSimulator({
        fleet: { seed: 4, devices: 30_000 },
        tokens: { [TOKEN]: { permissions: 'all' } },
        rateLimit: { perHour: QUOTA, hourWindowMs: WINDOW_MS },
      }),
    );
    const foreign = setInterval(() => sim.consumeQuota(30), WINDOW_MS);
    sim.consumeQuota(30);
    try {
      const { summary } = await collectOnce(tenant.temporal().client, tenant.temporal().taskQueue, tenant.store, {
        baseUrl: sim.url,
        token: TOKEN,
        sources: ['devices'],
      });
      expect(summary.status).toBe('succeeded');
      expect(summary.sources[0]!.records).toBe(30_000);
      expect(summary.plan!.estimatedRequests).toBe(devicePages(30_000));
    } finally {
      clearInterval(foreign);
    }
    const windows = requestsPerWindow(
      ours(sim).filter((r) => r.status !== 429),
      WINDOW_MS,
    );
    expect(windows.size).toBeGreaterThanOrEqual(2);
    for (const count of windows.values()) expect(count).toBeLessThanOrEqual(QUOTA * SHARE);
    expect(ours(sim).filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('waits out a 429 storm per Retry-After and sends nothing to the tenant while paused', async () => {
    const sim = tenant.track(await startSimulator({ fleet: { seed: 5, devices: 1_500 }, tokens: { [TOKEN]: { permissions: 'all' } } }));
    sim.inject({ path: '/api/v1/devices', kind: 'rate-limit', retryAfterSec: 1, times: 4 });
    const { summary } = await collectOnce(tenant.temporal().client, tenant.temporal().taskQueue, tenant.store, {
      baseUrl: sim.url,
      token: TOKEN,
      sources: ['devices'],
    });
    expect(summary.status).toBe('succeeded');
    expect(summary.sources[0]!.records).toBe(1_500);
    const log = ours(sim);
    const limited = log.filter((r) => r.status === 429);
    expect(limited).toHaveLength(4);
    for (const storm of limited) {
      const pausedFrom = Date.parse(storm.at) + 50;
      const pausedUntil = Date.parse(storm.at) + 1_000;
      const during = log.filter((r) => Date.parse(r.at) > pausedFrom && Date.parse(r.at) < pausedUntil);
      expect(during, `requests during the pause after the 429 at ${storm.at}`).toEqual([]);
    }
  });
});
