import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/store/index.js';
import { collectOnce, simulatedTenant } from '../helpers/collect.js';
import { requestFloor } from '../../src/simulator/request-floor.js';

const tenant = simulatedTenant({ seed: 31, devices: 3_000 });

describe('request cost of a full collection', () => {
  it('stays within 1.05x of the floor, counted on the simulator request log, with no /secrets/ and no non-GET', async () => {
    const temporal = tenant.temporal();
    const sim = tenant.sim();
    const { store, token: TOKEN } = tenant;
    const { summary } = await collectOnce(temporal.client, temporal.taskQueue, store, { baseUrl: sim.url, token: TOKEN });
    expect(summary.status).toBe('succeeded');
    const audit = (summary as RunSummary).sources.find((s) => s.name === 'audit-events')!;
    expect(audit.status).toBe('succeeded');
    const window = { from: new Date(Date.parse(summary.startedAt) - 365 * 86_400_000).toISOString(), to: summary.startedAt }; // the admin-activity year
    const floor = requestFloor(sim.fleet, window);
    const made = sim.requestLog.length;
    console.log(`requests made ${made}, floor ${floor.total}, ratio ${(made / floor.total).toFixed(3)}`);
    expect(made).toBeGreaterThanOrEqual(floor.total);
    expect(made / floor.total).toBeLessThanOrEqual(1.05);
    expect(sim.requestLog.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(sim.requestLog.filter((r) => r.path.includes('/secrets'))).toEqual([]);
  });
});
