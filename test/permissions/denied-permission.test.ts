import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary, SourceOutcome } from '../../src/store/index.js';
import type { Artifact } from '../../src/evidence/index.js';
import { ROUTES, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectOnce, currentArtifact } from '../helpers/collect.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { expected, fileVaultVerdict, frozenListClock } from '../evidence/fleet-truth.js';

const DEVICES = 700;
const FULL = randomUUID();
const NO_FILEVAULT = randomUUID();
const NO_FIREWALL = randomUUID();
const allBut = (path: string) => ROUTES.map((r) => r.permission).filter((p) => p !== path);

let temporal: TemporalHarness;
let sim: RunningSimulator;
const storage = tempStore();

type DeviceRecord = { deviceId: string; platform: string; result: string; reasons: string[]; [field: string]: unknown };

const source = (summary: RunSummary, name: string): SourceOutcome => summary.sources.find((s) => s.name === name)!;
const byDevice = (artifact: Artifact) => new Map((artifact.records as DeviceRecord[]).map((r) => [r.deviceId, r]));

async function collect(token: string, name = `c-${randomUUID().slice(0, 8)}`) {
  const { summary, connectionId } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token, name });
  return { summary, connectionId, artifact: (type: string) => currentArtifact(storage.store, connectionId, type) };
}

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store });
  sim = await startSimulator({
    // The fleet's clock is the test's, so check-in ages at collection time are what the generator made them.
    fleet: { seed: 1_616, devices: DEVICES, now: new Date().toISOString() },
    tokens: {
      [FULL]: { permissions: 'all' },
      [NO_FILEVAULT]: { permissions: allBut('/api/v1/prism/filevault') },
      [NO_FIREWALL]: { permissions: allBut('/api/v1/prism/application_firewall') },
    },
  });
}, 120_000);

afterAll(async () => {
  await temporal.close();
  await sim.close();
  await storage.cleanup();
});

describe('the Prism FileVault permission denied', () => {
  it('builds disk-encryption from /devices?filevault_enabled=true|false, with the verdicts of a run with the permission', async () => {
    const full = await collect(FULL);
    sim.requestLog.length = 0;
    const denied = await collect(NO_FILEVAULT);

    expect(denied.summary.status).toBe('succeeded');
    expect(denied.summary.notEvaluable).toEqual([]);
    expect(source(denied.summary, 'prism-filevault')).toMatchObject({ status: 'succeeded', via: 'devices?filevault_enabled=true|false', error: null });
    const listed = sim.requestLog.filter((r) => r.path === '/api/v1/devices' && /filevault_enabled=/.test(r.query));
    for (const state of ['true', 'false']) {
      const requests = listed.filter((r) => new URLSearchParams(r.query).get('filevault_enabled') === state);
      expect(requests.length, state).toBeGreaterThan(0);
      for (const r of requests) expect(new URLSearchParams(r.query).get('ordering')).toBe('device_id');
    }
    expect(sim.requestLog.filter((r) => r.path === '/api/v1/prism/filevault').map((r) => r.status)).toEqual([403]);

    const withPermission = await full.artifact('disk-encryption');
    const viaDevices = await denied.artifact('disk-encryption');
    expect(viaDevices.runId).toBe(denied.summary.runId);
    expect(viaDevices.source.endpoints).toContain('GET /api/v1/devices?filevault_enabled=true|false');
    expect(viaDevices.source.endpoints).not.toContain('GET /api/v1/prism/filevault');
    const prismRecords = byDevice(withPermission);
    const deviceRecords = byDevice(viaDevices);
    const now = new Date(viaDevices.collectedAt);
    const fullNow = new Date(withPermission.collectedAt);
    let compared = 0;
    let differ = 0;
    for (const d of sim.fleet.devices()) {
      const prism = prismRecords.get(d.id)!;
      const lists = deviceRecords.get(d.id)!;
      expect(prism.result, d.id).toBe(fileVaultVerdict(d, fullNow, 'prism'));
      expect(lists.result, d.id).toBe(fileVaultVerdict(d, now, 'devices'));
      if (d.lastCheckIn !== null && !frozenListClock(d)) {
        expect(lists.result, d.id).toBe(prism.result);
        expect(lists.reasons, d.id).toEqual(prism.reasons);
        compared++;
      } else if (lists.result !== prism.result) differ++;
      if (d.platform === 'Mac' && !d.isRemoved && d.lastCheckIn !== null) {
        expect(lists).toMatchObject({
          encrypted: d.filevault!.enabled,
          keyEscrowed: null,
          // A Mac without the agent: no /devices check-in dates its state (its agent clock never moves).
          lastCollectedAt: frozenListClock(d) ? null : new Date(d.lastCheckIn).toISOString(),
          signalClock: 'agent_check_in',
        });
        expect(prism).toMatchObject({ encrypted: d.filevault!.enabled, signalClock: 'prism_collection' });
      }
    }
    expect(compared).toBeGreaterThan(DEVICES * 0.9);
    const counts = (a: Artifact) => ({ pass: a.summary.counts.pass, fail: a.summary.counts.fail });
    // Only a Mac without a /devices time may differ: one that never checked in, or one without the agent (a frozen clock).
    const neverCheckedIn = [...sim.fleet.devices()].filter(
      (d) => d.platform === 'Mac' && !d.isRemoved && (d.lastCheckIn === null || frozenListClock(d)),
    ).length;
    expect(differ).toBeLessThanOrEqual(neverCheckedIn);
    expect(viaDevices.summary.counts.fail).toBeGreaterThan(0);
    expect(viaDevices.summary.counts.pass).toBeGreaterThan(0);
    console.info(
      `disk-encryption on ${DEVICES} devices: ${compared} with a check-in compared, equal verdicts; ${differ} of ${neverCheckedIn} Macs that ` +
        `never checked in differ; counts via /devices ${JSON.stringify(counts(viaDevices))}, via Prism ${JSON.stringify(counts(withPermission))}`,
    );
  }, 300_000);
});

describe('a denied permission with no other route (Prism application firewall)', () => {
  it('publishes firewall with every in-scope record not evaluable, naming the permission; a run with it restored replaces it', async () => {
    const name = `fw-${randomUUID().slice(0, 8)}`;
    const denied = await collect(NO_FIREWALL, name);
    expect(denied.summary.status).toBe('partial');
    expect(source(denied.summary, 'prism-application-firewall')).toMatchObject({ status: 'failed', error: { code: 'permission_denied' } });
    expect(denied.summary.artifacts.map((a) => a.type)).toContain('firewall');
    expect(denied.summary.notEvaluable).toEqual([{ type: 'firewall', reason: 'permission_denied', sources: ['prism-application-firewall'] }]);

    const firewall = await denied.artifact('firewall');
    expect(firewall.runId).toBe(denied.summary.runId);
    const inScope = [...sim.fleet.devices()].filter((d) => d.platform === 'Mac' && !d.isRemoved);
    const records = byDevice(firewall);
    expect(records.size).toBe(DEVICES);
    for (const d of sim.fleet.devices()) {
      const record = records.get(d.id)!;
      if (d.platform !== 'Mac') expect(record).toMatchObject({ result: 'not_applicable', reasons: ['platform_out_of_scope'] });
      else if (d.isRemoved) expect(record).toMatchObject({ result: 'not_applicable', reasons: ['device_removed'] });
      else expect(record).toMatchObject({ result: 'not_evaluable', reasons: ['permission_denied'], firewallEnabled: null });
    }
    expect(firewall.summary.counts).toMatchObject({ pass: 0, fail: 0, not_evaluable: inScope.length });
    expect(firewall.summary.coverage).toMatchObject({ evaluated: 0, total: inScope.length, text: `0 of ${inScope.length} devices evaluated` });
    expect(firewall.summary.coverage.gaps).toHaveLength(1);
    expect(firewall.summary.coverage.gaps[0]).toMatchObject({ reason: 'permission_denied', count: inScope.length });
    expect(firewall.summary.coverage.gaps[0]!.detail).toContain('"Application firewall" (Prism › Prism, GET /api/v1/prism/application_firewall)');
    expect(firewall.controls.length).toBeGreaterThan(0);

    const run = await denied.artifact('collection-run');
    expect(run.records).toContainEqual(
      expect.objectContaining({ source: 'prism-application-firewall', status: 'failed', result: 'not_evaluable', reasons: ['permission_denied'] }),
    );
    // Artifacts that do not read the denied source are as usual.
    expect((await denied.artifact('disk-encryption')).summary.counts.pass).toBeGreaterThan(0);

    const restored = await collect(FULL, name);
    expect(restored.summary.status).toBe('succeeded');
    expect(restored.summary.notEvaluable).toEqual([]);
    const replaced = await restored.artifact('firewall');
    expect(replaced.runId).toBe(restored.summary.runId);
    const { pass, fail, not_evaluable, not_applicable } = replaced.summary.counts;
    expect({ pass, fail, not_evaluable, not_applicable }).toEqual(expected.firewall(sim.fleet, new Date(replaced.collectedAt)));
    expect(replaced.summary.coverage.gaps.map((g) => g.reason)).not.toContain('permission_denied');
    console.info(
      `firewall denied: ${inScope.length} Macs in scope not evaluable (permission_denied); restored: ${JSON.stringify({ pass, fail, not_evaluable })}`,
    );
  }, 300_000);
});
