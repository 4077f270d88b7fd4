import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectOnce, currentArtifact, simulatedTenant } from '../helpers/collect.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const SOURCES = ['devices', 'library-item-status'];
const tenant = simulatedTenant({ seed: 12, devices: 12, now: FLEET_NOW });

const perItem = (from: number) =>
  tenant
    .sim()
    .requestLog.slice(from)
    .filter((r) => /^\/api\/v1\/library\/library-items\/[^/]+\/status/.test(r.path));
const perDevice = (from: number) =>
  tenant
    .sim()
    .requestLog.slice(from)
    .filter((r) => /^\/api\/v1\/devices\/[^/]+\/library-items/.test(r.path));

describe('library-item status, per item or per device', () => {
  it('reads per device when the previous run shows that is cheaper, with the same evidence', async () => {
    const temporal = tenant.temporal();
    const sim = tenant.sim();
    const { store, token: TOKEN } = tenant;
    const name = `small-${randomUUID().slice(0, 6)}`;
    const first = await collectOnce(temporal.client, temporal.taskQueue, store, { baseUrl: sim.url, token: TOKEN, name, sources: SOURCES });
    const firstStatus = first.summary.sources.find((s) => s.name === 'library-item-status')!;
    expect(firstStatus.via).toBeUndefined();
    expect(perItem(0).length).toBeGreaterThan(12);
    const before = await currentArtifact(store, first.connectionId, 'library-item-compliance');

    const mark = sim.requestLog.length;
    const second = await collectOnce(temporal.client, temporal.taskQueue, store, { baseUrl: sim.url, token: TOKEN, name, sources: SOURCES });
    const secondStatus = second.summary.sources.find((s) => s.name === 'library-item-status')!;
    expect(secondStatus).toMatchObject({ status: 'succeeded', via: 'device-library-items', records: firstStatus.records });
    expect(perItem(mark)).toHaveLength(0);
    expect(perDevice(mark)).toHaveLength(12);
    const after = await currentArtifact(store, second.connectionId, 'library-item-compliance');
    expect(after.contentSha256).toBe(before.contentSha256);
    expect(second.summary.plan!.sources.find((s) => s.name === 'library-item-status')!.requests).toBe(12);
  });
});
