// Load: 200 connections, each a tenant of its own (200 simulators, 20 devices each, a host:port apiece: the budget's
// tenant key), scheduled with Temporal Schedules and all triggered at once, on ONE worker process with the product's
// defaults (20 concurrent activities). Each tenant's quota is squeezed into a 4 s "hour" so every collection spans
// several budget windows.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadScenario, quarters } from './load-scenario.js';

const lines: string[] = [];
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);

afterAll(() => {
  console.log(`[faults:load] ${lines.join('\n  ')}`);
});

describe(`${CONNECTIONS} connections scheduled on one worker`, () => {
  it('respect every tenant budget, starve no tenant, and keep the worker memory bounded', async () => {
    const result = await loadScenario({
      address: inject('temporalAddress'),
      connections: CONNECTIONS,
      devices: 20,
      windowMs: 4_000,
      quota: 60,
      share: 0.5,
      boundMs: 20 * 60_000,
      log: (line) => lines.push(line),
    });
    // Budget: never a 429 from any tenant; per window at most our share, plus the requests already on the wire when
    // the client's window turned (at most maxConcurrent, counted by arrival in the tenant's next window).
    expect(result.rateLimited).toBe(0);
    expect(result.maxPerWindow).toBeLessThanOrEqual(result.shareLimit + 4);
    // No tenant starved: the last tenant finished within 3x the median plus one minute.
    const median = result.durationsMs[Math.floor(result.durationsMs.length / 2)]!;
    expect(result.durationsMs.at(-1)!).toBeLessThanOrEqual(3 * median + 60_000);
    // Memory bounded by concurrency, not by the number of connections: under 1.5 GiB, and once warmed up (the second
    // quarter of the run) no more than 25% growth while the other half of the tenants are collected.
    expect(result.peakRssBytes).toBeLessThan(1.5 * 2 ** 30);
    const [, second, , last] = quarters(result.rssSamples);
    expect(last!).toBeLessThanOrEqual(1.25 * second!);
  });
});
