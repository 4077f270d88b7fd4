import { describe, expect, it } from 'vitest';
import { startSimulator, type RequestLogEntry, type SimulatorOptions } from '../../src/simulator/index.js';
import { budgetedTenant } from '../helpers/budgeted-tenant.js';
import { collectOnce } from '../helpers/collect.js';
import { devicePages } from '../../src/simulator/request-floor.js';

/**
 * The gateway's most restrictive window is 20 s; the worker's own budget window is a real hour. Only the server's
 * headers (RateLimit-Reset, X-RateLimit-Remaining-*) say the window is short: the collector must wait for the end they
 * announce, not for the next clock hour.
 */
const WINDOW_MS = 20_000;
const PER_WINDOW = 40;
const DEVICES = 30_000;
const tenant = budgetedTenant({ hourlyQuota: 10_000, share: 0.6, windowMs: 3_600_000, perSecond: 20, maxConcurrent: 4 });
const { token: TOKEN, ours } = tenant;

/** Our requests per 20-s gateway window (the simulator aligns its windows to multiples of their length). */
function byWindow(log: RequestLogEntry[]): Map<number, RequestLogEntry[]> {
  const windows = new Map<number, RequestLogEntry[]>();
  for (const entry of log) {
    const window = Math.floor(Date.parse(entry.at) / WINDOW_MS);
    windows.set(window, [...(windows.get(window) ?? []), entry]);
  }
  return windows;
}

async function collectBehind(rateLimit: SimulatorOptions['rateLimit']) {
  const sim = tenant.track(await startSimulator({ fleet: { seed: 16, devices: DEVICES }, tokens: { [TOKEN]: { permissions: 'all' } }, rateLimit }));
  const started = Date.now();
  const { summary } = await collectOnce(tenant.temporal().client, tenant.temporal().taskQueue, tenant.store, {
    baseUrl: sim.url,
    token: TOKEN,
    sources: ['devices'],
  });
  const wallMs = Date.now() - started;
  const windows = byWindow(ours(sim));
  const figures = {
    wallMs,
    windowsUsed: windows.size,
    requests: ours(sim).length,
    limited: ours(sim).filter((r) => r.status === 429).length,
    waitedMs: summary.plan?.waitedMs,
    windowEndSource: summary.plan?.windowEndSource,
  };
  console.log(`20-s gateway window ${JSON.stringify(rateLimit)}: ${JSON.stringify(figures)}`);
  return { summary, windows, figures };
}

function expectWithinFewWindows({ summary, windows, figures }: Awaited<ReturnType<typeof collectBehind>>) {
  expect(summary.status).toBe('succeeded');
  expect(summary.sources[0]!.records).toBe(DEVICES);
  const needed = Math.ceil(devicePages(DEVICES) / PER_WINDOW);
  expect(figures.windowsUsed).toBeGreaterThanOrEqual(needed);
  // A small multiple of 20 s, not an hour: the windows the requests need, the plan's wait for the first, and slack.
  expect(figures.wallMs).toBeLessThan((needed + 3) * WINDOW_MS);
  expect(summary.plan!.waitedMs).toBeLessThanOrEqual(WINDOW_MS + 1_000);
  expect(summary.plan!.windowEndSource).not.toBe('clock-hour');
  for (const [window, entries] of windows) {
    expect(entries.filter((r) => r.status !== 429).length, `requests allowed in window ${window}`).toBeLessThanOrEqual(PER_WINDOW);
    const firstLimited = entries.findIndex((r) => r.status === 429);
    const after = firstLimited < 0 ? [] : entries.slice(firstLimited + 1).filter((r) => r.status === 429);
    expect(after, `429s after the first of window ${window}`).toEqual([]);
  }
}

describe('a gateway whose most restrictive window is 20 s', () => {
  it('announced by RateLimit-Reset while the hour is far from spent: the run completes within a few windows, no 429 after the first of a window', async () => {
    const run = await collectBehind({ perMinute: PER_WINDOW, minuteWindowMs: WINDOW_MS });
    expectWithinFewWindows(run);
    expect(run.figures.limited).toBe(0);
  }, 240_000);

  it('whose hourly quota resets every 20 s (X-RateLimit-Remaining-Hour spent): the run waits for RateLimit-Reset, not the next clock hour', async () => {
    const run = await collectBehind({ perHour: PER_WINDOW, hourWindowMs: WINDOW_MS });
    expectWithinFewWindows(run);
    // The plan waits on a timer only when the window has 10 s or more to run; a shorter end is left to the limiter.
    expect(run.figures.windowEndSource).toBe('ratelimit-reset');
  }, 240_000);
});
