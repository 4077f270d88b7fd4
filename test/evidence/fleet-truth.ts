/**
 * Expected results computed straight from the simulator's ground truth (SimDevice and the fleet accessors), with
 * this file's own reading of the policy: nothing here calls the collector's normalizers or evaluators.
 */
import type { Fleet, SimDevice } from '../../src/simulator/index.js';

export type Result = 'pass' | 'fail' | 'not_evaluable' | 'not_applicable';
export type ResultCounts = Record<Result, number>;

/** The policy the Artifacts are expected to apply, pinned here on purpose: changing it must change this test. */
export const POLICY = {
  deviceTrustMaxCheckInAgeDays: 7,
  postureSignalMaxAgeDays: 30,
  minimumOs: { Mac: '14.0', iPhone: '17.0', iPad: '17.0', AppleTV: '17.0' } as Record<string, string>,
  /** The Iru agent exists on these platforms only. */
  agentPlatforms: new Set(['Mac', 'Windows']),
};

/** Prism (and with it device_information's MDM and agent check-ins) covers Apple devices only. */
const APPLE_PLATFORMS = new Set(['Mac', 'iPhone', 'iPad', 'AppleTV']);

const DAY_MS = 86_400_000;
/** The admin-activity Artifact's default window, in days (README, IRU_EVIDENCE_AUDIT_WINDOW_DAYS). */
export const AUDIT_WINDOW_DAYS = 365;

function ageDays(iso: string | null, now: Date): number | null {
  return iso === null ? null : (now.getTime() - Date.parse(iso)) / DAY_MS;
}

function olderThan(iso: string | null, now: Date, days: number): boolean {
  const age = ageDays(iso, now);
  return age === null || age > days;
}

function count(results: Iterable<Result>): ResultCounts {
  const counts: ResultCounts = { pass: 0, fail: 0, not_evaluable: 0, not_applicable: 0 };
  for (const result of results) counts[result]++;
  return counts;
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}

function versionBelow(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

/**
 * The most recent check-in the collector can know of: `/devices` shows one clock (none on a Mac without the agent, whose
 * /devices clock never moves); Prism device_information adds the MDM check-in of every Apple device and the agent
 * check-in of a Mac.
 */
export function latestKnownCheckIn(d: SimDevice): string | null {
  const known = [frozenListClock(d) ? null : d.lastCheckIn];
  if (APPLE_PLATFORMS.has(d.platform)) known.push(d.lastMdmCheckIn, POLICY.agentPlatforms.has(d.platform) ? d.lastAgentCheckIn : null);
  return known.reduce<string | null>((latest, t) => (t !== null && (latest === null || Date.parse(t) > Date.parse(latest)) ? t : latest), null);
}

/** A Mac without the agent: `/devices` shows an agent clock that never moved from its enrollment (iru-api-observed.md). */
export const frozenListClock = (d: SimDevice) => d.platform === 'Mac' && !d.agentInstalled;

const agentMissing = (d: SimDevice) => POLICY.agentPlatforms.has(d.platform) && !d.agentInstalled;

/** A Mac's Prism posture rows are collected at its last check-in, or at enrollment if it never checked in. */
function macPosture(device: SimDevice, now: Date, ok: (d: SimDevice) => boolean): Result {
  if (device.platform !== 'Mac' || device.isRemoved) return 'not_applicable';
  if (olderThan(device.lastCheckIn ?? device.lastEnrollment, now, POLICY.postureSignalMaxAgeDays)) return 'not_evaluable';
  return ok(device) ? 'pass' : 'fail';
}

/**
 * A Mac's FileVault verdict as the model makes it, on the route it is read from: Prism dates the state by its collection
 * (the last check-in, or enrollment if the Mac never checked in); GET /devices?filevault_enabled by the last check-in.
 */
export function fileVaultVerdict(device: SimDevice, now: Date, route: 'prism' | 'devices'): Result {
  // A Mac without the agent: its /devices clock never moves, so nothing on the /devices route dates its state.
  if (route === 'devices' && frozenListClock(device)) return device.isRemoved ? 'not_applicable' : 'not_evaluable';
  if (route === 'prism' || device.lastCheckIn !== null) return macPosture(device, now, (m) => m.filevault!.enabled);
  return device.platform !== 'Mac' || device.isRemoved ? 'not_applicable' : 'not_evaluable';
}

export const expected = {
  mdmEnrollment: (fleet: Fleet): ResultCounts =>
    count(map(fleet.devices(), (d) => (d.isRemoved ? 'not_applicable' : d.mdmEnabled && !agentMissing(d) ? 'pass' : 'fail'))),

  deviceTrust: (fleet: Fleet, now: Date): ResultCounts =>
    count(
      map(fleet.devices(), (d) => {
        const verified =
          d.serialNumber !== '' &&
          !olderThan(latestKnownCheckIn(d), now, POLICY.deviceTrustMaxCheckInAgeDays) &&
          !agentMissing(d) &&
          d.mdmEnabled &&
          !d.isRemoved;
        return verified ? 'pass' : 'fail';
      }),
    ),

  diskEncryption: (fleet: Fleet, now: Date): ResultCounts => count(map(fleet.devices(), (d) => macPosture(d, now, (m) => m.filevault!.enabled))),
  firewall: (fleet: Fleet, now: Date): ResultCounts => count(map(fleet.devices(), (d) => macPosture(d, now, (m) => m.firewall!.enabled))),
  /** The simulator sends no edr_status, so Gatekeeper and SIP decide (an EDR in Protect posture would pass the Mac). */
  malwareProtection: (fleet: Fleet, now: Date): ResultCounts =>
    count(map(fleet.devices(), (d) => macPosture(d, now, (m) => m.gatekeeper!.enabled && m.startup!.sip))),

  osCurrency: (fleet: Fleet, now: Date): ResultCounts =>
    count(
      map(fleet.devices(), (d) => {
        const minimum = POLICY.minimumOs[d.platform];
        if (minimum === undefined || d.isRemoved) return 'not_applicable';
        if (olderThan(latestKnownCheckIn(d), now, POLICY.postureSignalMaxAgeDays)) return 'not_evaluable';
        return versionBelow(d.osVersion, minimum) ? 'fail' : 'pass';
      }),
    ),

  userAssignment: (fleet: Fleet): ResultCounts =>
    count(map(fleet.devices(), (d) => (d.isRemoved || d.userIndex === null ? 'not_applicable' : fleet.user(d.userIndex).archived ? 'fail' : 'pass'))),

  adeEnrollment: (fleet: Fleet): ResultCounts =>
    count(
      map(fleet.adeDevices(), (a) => {
        if (a.deviceIndex !== null) return fleet.device(a.deviceIndex).isRemoved ? 'not_applicable' : 'pass';
        return a.profileStatus === 'removed' ? 'not_applicable' : 'fail';
      }),
    ),

  /** Every library item of a device's Blueprint, with the status the device reports for it. */
  libraryItemCompliance: (fleet: Fleet): ResultCounts => {
    const meaning: Record<string, Result> = {
      PASS: 'pass',
      success: 'pass',
      ERROR: 'fail',
      failed: 'fail',
      PENDING: 'not_evaluable',
      pending: 'not_evaluable',
      INSTALLING: 'not_evaluable',
      EXCLUDED: 'not_applicable',
      INCOMPATIBLE: 'not_applicable',
      AVAILABLE: 'not_applicable',
    };
    const results: Result[] = [];
    for (const d of fleet.devices()) {
      for (const s of fleet.libraryItemStatuses(d.index)) {
        const result = meaning[s.status];
        if (!result) throw new Error(`the simulator reports a status the test does not know: ${s.status}`);
        results.push(result);
      }
    }
    return count(results);
  },

  /** Statuses as the API spells them; any other spelling is an unknown value, never judged. */
  threatDetections: (fleet: Fleet): ResultCounts =>
    count(
      map(fleet.threats(), (t): Result => {
        if (t.status === 'NOT_QUARANTINED') return 'fail';
        return ['QUARANTINED', 'RESOLVED', 'RELEASED'].includes(t.status) ? 'pass' : 'not_evaluable';
      }),
    ),

  configurationProfiles: (fleet: Fleet) => {
    let devices = 0;
    let profiles = 0;
    for (const d of fleet.devices()) {
      if (d.installedProfiles.length > 0) devices++;
      profiles += d.installedProfiles.length;
    }
    return { devices, profiles };
  },

  softwareInventory: (fleet: Fleet) => {
    const apps = new Map<string, number>();
    let installations = 0;
    for (const d of fleet.devices()) {
      for (const app of d.apps) apps.set(app.bundleId, (apps.get(app.bundleId) ?? 0) + 1);
      installations += d.apps.length;
    }
    return { applications: apps.size, installations, perApp: apps };
  },

  /** Events of the audit window: the year before the run started, both ends included (the simulator's log at its starting clock). */
  adminActivity: (fleet: Fleet, runStartedAt: string): number => {
    const end = Date.parse(runStartedAt);
    const start = end - AUDIT_WINDOW_DAYS * DAY_MS;
    let events = 0;
    for (const e of fleet.auditEvents()) {
      const at = Date.parse(e.occurredAt);
      if (at >= start && at <= end) events++;
    }
    return events;
  },
};
