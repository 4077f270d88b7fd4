import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RequestLogEntry, type RunningSimulator } from '../../src/simulator/index.js';
import { tokenFingerprint } from '../../src/store/index.js';
import { collectOnce } from '../helpers/collect.js';
import { devicePages } from '../helpers/request-floor.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';

const TOKEN = randomUUID();
const WINDOW_MS = 4_000;
const QUOTA = 100;
const SHARE = 0.6;
const ours = (sim: RunningSimulator) => sim.requestLog.filter((r) => r.tokenId !== null && tokenFingerprint(TOKEN).includes(r.tokenId));

let temporal: TemporalHarness;
const storage = tempStore();
const sims: RunningSimulator[] = [];

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store, budget: { hourlyQuota: QUOTA, share: SHARE, windowMs: WINDOW_MS, perSecond: 100, maxConcurrent: 4 } });
});

afterAll(async () => {
  await temporal.close();
  await Promise.all(sims.map((s) => s.close()));
  await storage.cleanup();
});

function perWindow(log: RequestLogEntry[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const entry of log) {
    const window = Math.floor(Date.parse(entry.at) / WINDOW_MS);
    counts.set(window, (counts.get(window) ?? 0) + 1);
  }
  return counts;
}

describe('the tenant budget', () => {
  it('never exceeds its share while a foreign client spends part of each window, and completes across windows', async () => {
    const sim = await startSimulator({ fleet: { seed: 4, devices: 30_000 }, tokens: { [TOKEN]: { permissions: 'all' } }, rateLimit: { perHour: QUOTA, hourWindowMs: WINDOW_MS } });
    sims.push(sim);
    const foreign = setInterval(() => sim.consumeQuota(30), WINDOW_MS);
    sim.consumeQuota(30);
    try {
      const { summary } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN, sources: ['devices'] });
      expect(summary.status).toBe('succeeded');
      expect(summary.sources[0]!.records).toBe(30_000);
      expect(summary.plan!.estimatedRequests).toBe(devicePages(30_000));
    } finally {
      clearInterval(foreign);
    }
    const windows = perWindow(ours(sim).filter((r) => r.status !== 429));
    expect(windows.size).toBeGreaterThanOrEqual(2);
    for (const count of windows.values()) expect(count).toBeLessThanOrEqual(QUOTA * SHARE);
    expect(ours(sim).filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('waits out a 429 storm per Retry-After and sends nothing to the tenant while paused', async () => {
    const sim = await startSimulator({ fleet: { seed: 5, devices: 1_500 }, tokens: { [TOKEN]: { permissions: 'all' } } });
    sims.push(sim);
    sim.inject({ path: '/api/v1/devices', kind: 'rate-limit', retryAfterSec: 1, times: 4 });
    const { summary } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN, sources: ['devices'] });
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
