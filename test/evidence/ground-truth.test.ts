import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceStore, RunSummary } from '../../src/store/index.js';
import {
  ARTIFACT_DEFINITIONS,
  assertValidArtifact,
  canonicalJson,
  planEventWindow,
  readArtifactDocument,
  verifyArtifact,
  type Artifact,
  type BuildContext,
} from '../../src/evidence/index.js';
import { buildInMemory } from '../helpers/build-in-memory.js';
import { SOURCE_NAMES } from '../../src/iru/index.js';
import { ROUTES, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectOnce } from '../helpers/collect.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { AUDIT_WINDOW_DAYS, expected, latestKnownCheckIn, POLICY, type ResultCounts } from './fleet-truth.js';

const DEVICES = 2_500;
const FULL = randomUUID();
const NO_FILEVAULT = randomUUID();
const ALL_TYPES = ARTIFACT_DEFINITIONS.map((d) => d.type);

let temporal: TemporalHarness;
let sim: RunningSimulator;
const storage = tempStore();
let full: { summary: RunSummary; artifacts: Map<string, Artifact>; texts: Map<string, string> };

async function collect(token: string) {
  const { summary } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token });
  const stored = await storage.store.runArtifacts(summary.runId);
  const texts = new Map(await Promise.all(stored.map(async (s) => [s.type, await readArtifactDocument(storage.store, s)] as const)));
  return { summary, texts, artifacts: new Map([...texts].map(([type, text]) => [type, JSON.parse(text) as Artifact])) };
}

function artifact(type: string): Artifact {
  const found = full.artifacts.get(type);
  if (!found) throw new Error(`no ${type} Artifact in the run`);
  return found;
}

function results(type: string): ResultCounts {
  const { pass, fail, not_evaluable, not_applicable } = artifact(type).summary.counts;
  return { pass: pass!, fail: fail!, not_evaluable: not_evaluable!, not_applicable: not_applicable! };
}

/**
 * A build context over a run's stored pages, optionally with pages and the rows in each page reversed. The run is the
 * connection's first: an Artifact of events covers the default year before it, all read in the run.
 */
function buildContextOver(store: EvidenceStore, summary: RunSummary, now: Date, reversed: boolean): Omit<BuildContext, 'recordSink' | 'spill'> {
  return {
    window: planEventWindow({ to: summary.startedAt, days: AUDIT_WINDOW_DAYS, historyDays: AUDIT_WINDOW_DAYS }),
    connectionId: summary.connectionId,
    runId: summary.runId,
    tenant: 'test',
    tokenFingerprint: 'sha256:0000000000000000',
    freshnessHours: 24,
    connectorVersion: 'test',
    collectedAt: now.toISOString(),
    now,
    run: { sources: summary.sources },
    async *pages<Row>(source: string) {
      const pages: Row[][] = [];
      for await (const page of store.pages<Row>(summary.runId, source)) pages.push(page.rows);
      if (reversed) pages.reverse().forEach((rows) => rows.reverse());
      yield* pages;
    },
  };
}

/** Age-based criteria are judged at the collection time the Artifact records. */
const nowOf = (type: string) => new Date(artifact(type).collectedAt);

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store });
  const everyPermissionButFileVault = ROUTES.map((r) => r.permission).filter((p) => p !== '/api/v1/prism/filevault');
  sim = await startSimulator({
    // The fleet's clock is the test's, so check-in ages at collection time are what the generator made them.
    fleet: { seed: 2_024, devices: DEVICES, now: new Date().toISOString() },
    tokens: { [FULL]: { permissions: 'all' }, [NO_FILEVAULT]: { permissions: everyPermissionButFileVault } },
  });
  full = await collect(FULL);
}, 300_000);

afterAll(async () => {
  await temporal.close();
  await sim.close();
  await storage.cleanup();
});

describe(`every Artifact type from a real collection of ${DEVICES} simulated devices`, () => {
  it('builds every type of the registry, each valid against its schema and intact', () => {
    expect(full.summary.status).toBe('succeeded');
    expect(full.summary.notEvaluable).toEqual([]);
    expect([...full.artifacts.keys()].sort()).toEqual([...ALL_TYPES].sort());
    for (const a of full.artifacts.values()) {
      expect(() => assertValidArtifact(a)).not.toThrow();
      expect(verifyArtifact(a), a.type).toEqual({ contentSha256: true, sha256: true });
      expect(a.controls.length, a.type).toBeGreaterThan(0);
      // Every Artifact states the period it covers: the instant it was read, unless it is a log over a window.
      if (a.type !== 'admin-activity') expect(a.covers, a.type).toEqual({ kind: 'snapshot', from: a.collectedAt, to: a.collectedAt });
    }
  });

  it.each([
    ['mdm-enrollment', () => expected.mdmEnrollment(sim.fleet)],
    ['device-trust', () => expected.deviceTrust(sim.fleet, nowOf('device-trust'))],
    ['disk-encryption', () => expected.diskEncryption(sim.fleet, nowOf('disk-encryption'))],
    ['firewall', () => expected.firewall(sim.fleet, nowOf('firewall'))],
    ['malware-protection', () => expected.malwareProtection(sim.fleet, nowOf('malware-protection'))],
    ['os-currency', () => expected.osCurrency(sim.fleet, nowOf('os-currency'))],
    ['user-assignment', () => expected.userAssignment(sim.fleet)],
    ['ade-enrollment', () => expected.adeEnrollment(sim.fleet)],
    ['library-item-compliance', () => expected.libraryItemCompliance(sim.fleet)],
    ['threat-detections', () => expected.threatDetections(sim.fleet)],
  ] as const)('%s: pass, fail, not evaluable and not applicable match the fleet', (type, truth) => {
    const want = truth();
    expect(results(type)).toEqual(want);
    const a = artifact(type);
    expect(a.records).toHaveLength(want.pass + want.fail + want.not_evaluable + want.not_applicable);
    expect(a.summary.coverage).toMatchObject({ evaluated: want.pass + want.fail, total: want.pass + want.fail + want.not_evaluable });
    expect(a.summary.coverage.gaps.reduce((n, g) => n + (g.count ?? 0), 0)).toBe(want.not_evaluable);
    // The generated fleet exercises both outcomes of every evaluated type.
    expect(want.pass).toBeGreaterThan(0);
    expect(want.fail).toBeGreaterThan(0);
  });

  it('device-trust names every failing criterion and records its thresholds', () => {
    const trust = artifact('device-trust');
    expect(trust.summary.thresholds).toContainEqual({ name: 'deviceTrustMaxCheckInAgeDays', value: POLICY.deviceTrustMaxCheckInAgeDays, unit: 'days' });
    type TrustRecord = { reasons: string[]; verified: boolean; lastCheckIn: string | null; lastCheckInClock: string };
    const byId = new Map(trust.records.map((r) => [(r as { deviceId: string }).deviceId, r as TrustRecord]));
    const now = nowOf('device-trust').getTime();
    const olderThanTrustLimit = (t: string | null) => t !== null && now - Date.parse(t) > POLICY.deviceTrustMaxCheckInAgeDays * 86_400_000;
    let trustedWithoutPrism = 0;
    let trustedByMdmWithBrokenAgent = 0;
    for (const d of sim.fleet.devices()) {
      const record = byId.get(d.id)!;
      const latest = latestKnownCheckIn(d);
      expect(record.reasons.includes('device_removed'), d.id).toBe(d.isRemoved);
      // A Mac without the agent shows a /devices clock that never moves: no check-in known is not "never checked in".
      const frozenListClock = d.platform === 'Mac' && !d.agentInstalled && d.listedCheckIn !== null;
      expect(record.reasons.includes('never_checked_in'), d.id).toBe(latest === null && !frozenListClock);
      expect(record.reasons.includes('check_in_unknown'), d.id).toBe(latest === null && frozenListClock);
      expect(record.reasons.includes('mdm_not_enrolled'), d.id).toBe(!d.mdmEnabled);
      expect(record.reasons.includes('agent_not_installed'), d.id).toBe(POLICY.agentPlatforms.has(d.platform) && !d.agentInstalled);
      expect(record.lastCheckIn === null ? null : Date.parse(record.lastCheckIn), d.id).toBe(latest === null ? null : Date.parse(latest));
      if (latest !== null && latest === d.lastMdmCheckIn && latest !== d.lastAgentCheckIn) expect(record.lastCheckInClock, d.id).toBe('mdm_check_in');
      expect(record.verified).toBe(record.reasons.length === 0);
      if (record.verified && (d.platform === 'Windows' || d.platform === 'Android')) trustedWithoutPrism++;
      if (record.verified && d.platform === 'Mac' && olderThanTrustLimit(d.lastAgentCheckIn)) trustedByMdmWithBrokenAgent++;
    }
    // The fleet has the real shapes that used to be misjudged: Windows and Android devices, Macs whose agent is broken.
    expect(trustedWithoutPrism).toBeGreaterThan(0);
    expect(trustedByMdmWithBrokenAgent).toBeGreaterThan(0);
  });

  it('os-currency records the observed version beside the minimum of its platform', () => {
    const os = artifact('os-currency');
    for (const [platform, version] of Object.entries(POLICY.minimumOs)) {
      expect(os.summary.thresholds).toContainEqual({ name: `minimumOsVersion:${platform}`, value: version });
    }
    const byId = new Map(os.records.map((r) => [(r as { deviceId: string }).deviceId, r]));
    for (const d of sim.fleet.devices()) {
      expect(byId.get(d.id)).toMatchObject({ osVersion: d.osVersion, minimumOsVersion: POLICY.minimumOs[d.platform] ?? null });
    }
  });

  it('disk-encryption records key escrow and marks non-Macs not applicable', () => {
    const records = artifact('disk-encryption').records as { deviceId: string; keyEscrowed: boolean | null; result: string; reasons: string[] }[];
    const byId = new Map(records.map((r) => [r.deviceId, r]));
    for (const d of sim.fleet.devices()) {
      const record = byId.get(d.id)!;
      if (d.platform !== 'Mac') expect(record).toMatchObject({ result: 'not_applicable', reasons: ['platform_out_of_scope'], keyEscrowed: null });
      else expect(record.keyEscrowed).toBe(d.filevault!.keyEscrowed);
    }
  });

  it('library-item-compliance has one record per device and library item of its Blueprint, with the item name', () => {
    const records = artifact('library-item-compliance').records as { deviceId: string; libraryItemId: string; libraryItemName: string | null }[];
    const names = new Map(sim.fleet.libraryItems.map((i) => [i.id, i.name]));
    const want = new Set<string>();
    for (const d of sim.fleet.devices()) for (const s of sim.fleet.libraryItemStatuses(d.index)) want.add(`${d.id}/${s.itemId}`);
    expect(new Set(records.map((r) => `${r.deviceId}/${r.libraryItemId}`))).toEqual(want);
    for (const r of records) expect(r.libraryItemName).toBe(names.get(r.libraryItemId));
  });

  it('configuration-profiles and software-inventory account for every profile and installation', () => {
    const profiles = expected.configurationProfiles(sim.fleet);
    expect(artifact('configuration-profiles').summary.counts).toMatchObject(profiles);
    expect(artifact('configuration-profiles').records).toHaveLength(profiles.devices);

    const software = expected.softwareInventory(sim.fleet);
    const inventory = artifact('software-inventory');
    expect(inventory.summary.counts).toMatchObject({ applications: software.applications, installations: software.installations });
    for (const r of inventory.records as { bundleId: string; installations: number; versions: { installations: number }[] }[]) {
      expect(r.installations, r.bundleId).toBe(software.perApp.get(r.bundleId));
      expect(r.versions.reduce((n, v) => n + v.installations, 0)).toBe(r.installations);
    }
  });

  it('ade-enrollment summarises every ADE server token: status and days left', () => {
    const counts = artifact('ade-enrollment').summary.counts;
    expect(counts.integrations).toBe(sim.fleet.adeIntegrations.length);
    for (const integration of sim.fleet.adeIntegrations) {
      expect(counts[`integration:${integration.id}:tokenDaysLeft`]).toBe(integration.daysLeft);
      expect(counts[`integrationStatus:${integration.status}`]).toBeGreaterThan(0);
    }
  });

  it('admin-activity, vulnerabilities and device-inventory hold every event, detection and device', () => {
    expect(artifact('admin-activity').records).toHaveLength(expected.adminActivity(sim.fleet, full.summary.startedAt));
    const to = full.summary.startedAt;
    expect(artifact('admin-activity').covers).toEqual({
      kind: 'window',
      from: new Date(Date.parse(to) - AUDIT_WINDOW_DAYS * 86_400_000).toISOString(),
      to,
      windowDays: 365,
    });
    expect(artifact('vulnerabilities').records).toHaveLength(sim.fleet.vulnerabilityDetectionCount);
    expect(artifact('device-inventory').records).toHaveLength(DEVICES);
  });

  it('collection-run records every source of the run as collected', () => {
    const run = artifact('collection-run');
    expect(run.records.map((r) => (r as { source: string }).source).sort()).toEqual([...SOURCE_NAMES].sort());
    expect(results('collection-run')).toEqual({ pass: SOURCE_NAMES.length, fail: 0, not_evaluable: 0, not_applicable: 0 });
    for (const r of run.records as { source: string; records: number }[]) {
      expect(r.records).toBe(full.summary.sources.find((s) => s.name === r.source)!.records);
    }
  });

  it('builds the same evidence whatever order the pages and rows come in', async () => {
    for (const definition of ARTIFACT_DEFINITIONS) {
      const now = new Date(artifact(definition.type).collectedAt);
      const stored = async (reversed: boolean) => {
        const context = buildContextOver(storage.store, full.summary, now, reversed);
        return canonicalJson(await buildInMemory(definition, context));
      };
      expect(await stored(true), definition.type).toBe(await stored(false));
    }
  });

  it('keeps enrollment codes, profile payloads, script output, signed URLs and e-mail addresses out of every Artifact', () => {
    const codes = sim.fleet.blueprints.map((b) => `"${b.enrollmentCode.code}"`);
    for (const [type, text] of full.texts) {
      for (const code of codes) expect(text, type).not.toContain(code);
      for (const forbidden of [
        'enrollment_code',
        'profile_data',
        '.payload"',
        'Script exited',
        'Audit passed',
        'X-Amz-',
        'signed_url',
        'file_url',
        '?auth=',
        `@${sim.fleet.spec.tenant}.io`,
      ]) {
        expect(text, `${type} contains ${forbidden}`).not.toContain(forbidden);
      }
    }
  });
});

describe('a token without the FileVault permission', () => {
  let denied: Awaited<ReturnType<typeof collect>>;
  beforeAll(async () => {
    denied = await collect(NO_FILEVAULT);
  }, 300_000);

  it('reads FileVault through /devices?filevault_enabled=true|false: every Artifact built, disk-encryption included', () => {
    expect(denied.summary.status).toBe('succeeded');
    expect(denied.summary.notEvaluable).toEqual([]);
    expect(denied.summary.sources.find((s) => s.name === 'prism-filevault')).toMatchObject({
      status: 'succeeded',
      via: 'devices?filevault_enabled=true|false',
    });
    expect([...denied.artifacts.keys()].sort()).toEqual([...ALL_TYPES].sort());
    for (const a of denied.artifacts.values()) expect(verifyArtifact(a), a.type).toEqual({ contentSha256: true, sha256: true });
  });

  it('gives every Mac that checked in the disk-encryption verdict of the full run, but a Mac without the agent: no check-in dates it there', () => {
    const full = new Map((artifact('disk-encryption').records as { deviceId: string; result: string }[]).map((r) => [r.deviceId, r.result]));
    const viaDevices = new Map((denied.artifacts.get('disk-encryption')!.records as { deviceId: string; result: string }[]).map((r) => [r.deviceId, r.result]));
    for (const d of sim.fleet.devices()) {
      if (d.lastCheckIn === null) continue;
      // A Mac without the agent has no /devices check-in to date its state by (src/evidence/devices.ts, frozenListCheckIn).
      const expected = d.platform === 'Mac' && !d.agentInstalled && !d.isRemoved ? 'not_evaluable' : full.get(d.id);
      expect(viaDevices.get(d.id), d.id).toBe(expected);
    }
  });

  it('builds the same evidence as the full run for every type the permission does not touch', () => {
    for (const type of ['firewall', 'malware-protection', 'device-trust', 'library-item-compliance', 'software-inventory']) {
      expect(denied.artifacts.get(type)!.summary.counts, type).toEqual(artifact(type).summary.counts);
    }
  });
});
