/** Assembles the ground-truth fleet: organisation, one indexing pass, then on-demand generators. */

import { adeDevice, adeIntegrationsWithCounts, awaitingEnrollmentCount, type AdeContext } from './ade-devices.js';
import { auditEvent, auditEventCount, firstAuditEventAtOrAfter, type AuditContext } from './audit-events.js';
import { generateDevice, type DeviceContext } from './device.js';
import { enrollingSkeleton } from './enrolling.js';
import { claimedDeviceIndex, deviceIdFor } from './device-id.js';
import { buildFleetIndex } from './fleet-index.js';
import { libraryItemRowCount, libraryItemRows, type LibraryItemRowsContext } from './library-item-rows.js';
import { libraryItemStatus } from './library-status.js';
import { createOrganisation, defaultBlueprintCount } from './organisation.js';
import { deviceParameters } from './parameters.js';
import { prismRowCount, prismRows, type PrismContext } from './prism-rows.js';
import { deviceSkeleton, type SkeletonContext } from './skeleton.js';
import { edrPolicyOf, threat, threatClassification, threatCount, type ThreatContext } from './threats.js';
import { parseMicros } from './time.js';
import { UserAssignment } from './user-assignment.js';
import { userIdentity } from './users.js';
import { vulnerabilityDetection, type VulnerabilityContext } from './vulnerabilities.js';
import type { Fleet, FleetSpec, SimBlueprint, SimUser } from './types.js';

export const MAX_DEVICES = 100_000;
export const MAX_BLUEPRINTS = 1_000;
export const MAX_AUDIT_EVENTS_PER_YEAR = 1_000_000;

function* generate<T>(count: number, get: (index: number) => T): IterableIterator<T> {
  for (let i = 0; i < count; i++) yield get(i);
}

export function withDefaults(spec: FleetSpec): Required<FleetSpec> {
  if (!Number.isInteger(spec.devices) || spec.devices < 0 || spec.devices > MAX_DEVICES) {
    throw new RangeError(`devices must be an integer in 0..${MAX_DEVICES}, got ${spec.devices}`);
  }
  if (!Number.isInteger(spec.seed)) throw new RangeError(`seed must be an integer, got ${spec.seed}`);
  const blueprints = spec.blueprints ?? defaultBlueprintCount(spec.seed);
  if (!Number.isInteger(blueprints) || blueprints < 1 || blueprints > MAX_BLUEPRINTS) {
    throw new RangeError(`blueprints must be an integer in 1..${MAX_BLUEPRINTS}, got ${blueprints}`);
  }
  if (
    spec.auditEventsPerYear !== undefined &&
    (!Number.isInteger(spec.auditEventsPerYear) || spec.auditEventsPerYear < 0 || spec.auditEventsPerYear > MAX_AUDIT_EVENTS_PER_YEAR)
  ) {
    throw new RangeError(`auditEventsPerYear must be an integer in 0..${MAX_AUDIT_EVENTS_PER_YEAR}, got ${spec.auditEventsPerYear}`);
  }
  return {
    seed: spec.seed,
    devices: spec.devices,
    tenant: spec.tenant ?? 'accuhive',
    now: spec.now ?? '2026-11-01T12:00:00Z',
    edr: spec.edr ?? true,
    vulnerabilityManagement: spec.vulnerabilityManagement ?? true,
    blueprints,
    auditEventsPerYear: spec.auditEventsPerYear ?? auditEventCount(spec.devices),
  };
}

export function createFleet(input: FleetSpec): Fleet {
  const spec = withDefaults(input);
  const { seed, tenant } = spec;
  const deviceCount = spec.devices;
  const nowMicros = parseMicros(spec.now);
  const organisation = createOrganisation(seed, tenant, nowMicros, spec.blueprints);
  const skeletonContext: SkeletonContext = { seed, nowMicros, organisation };
  const index = buildFleetIndex(skeletonContext, deviceCount);
  const skeleton = (i: number) => deviceSkeleton(skeletonContext, i);

  const userCount = Math.round(deviceCount * 0.8);
  const assignment = new UserAssignment(userCount, deviceCount, seed);
  const identity = (j: number) => userIdentity(seed, tenant, nowMicros, j);
  const user = (j: number): SimUser => {
    checkIndex('user', j, userCount);
    const { firstName: _firstName, ...rest } = identity(j);
    const deviceCountOfUser = assignment.candidateDevices(j).filter((d) => skeleton(d).hasUser).length;
    return { ...rest, deviceCount: deviceCountOfUser };
  };

  const deviceContext: DeviceContext = {
    ...skeletonContext,
    tenant,
    tags: organisation.tags,
    userOf: (s) => {
      const j = assignment.userOf(s.index);
      return j === null ? null : identity(j);
    },
  };
  const device = (i: number) => {
    checkIndex('device', i, deviceCount);
    return generateDevice(deviceContext, skeleton(i));
  };
  const enrollingDevice = (k: number) => {
    checkIndex('enrolling device', k, MAX_DEVICES + 1);
    return generateDevice(deviceContext, enrollingSkeleton(skeleton(deviceCount + k), nowMicros, k));
  };

  const blueprints: SimBlueprint[] = organisation.blueprints.map(({ platforms: _p, weight: _w, ...base }) => ({
    ...base,
    deviceCount: index.blueprintActiveCounts[base.index]!,
  }));
  const awaitingCount = awaitingEnrollmentCount(deviceCount);
  const adeIntegrations = adeIntegrationsWithCounts(seed, deviceCount, organisation.adeIntegrations, index.adeCounts);
  const adeContext: AdeContext = {
    seed,
    nowMicros,
    deviceCount,
    eligibleIndices: index.adeEligibleIndices,
    integrations: organisation.adeIntegrations,
    device,
    integrationIndexOf: (i) => skeleton(i).adeIntegrationIndex,
  };
  const adeDeviceCount = index.adeEligibleIndices.length + awaitingCount;

  const auditContext: AuditContext = { seed, nowMicros, deviceCount, eventsPerYear: spec.auditEventsPerYear, organisation };
  const auditEventAt = (i: number) => auditEvent(auditContext, checkIndex('audit event', i, Number.MAX_SAFE_INTEGER));
  const auditIndexAtOrAfter = (instant: string, plusMicros = 0) => firstAuditEventAtOrAfter(auditContext, parseMicros(instant) + plusMicros);
  // The events of the year before the fleet's `now`: the first eventsPerYear of the timeline.
  const auditEventCountAtNow = firstAuditEventAtOrAfter(auditContext, nowMicros + 1);
  const threatContext: ThreatContext = { seed, nowMicros, macIndices: index.macIndices, edrPolicy: edrPolicyOf(seed, organisation.libraryItems) };
  const threats = threatCount(index.macIndices.length);
  let malwareCount = 0;
  for (let t = 0; t < threats; t++) if (threatClassification(seed, t) === 'MALWARE') malwareCount++;
  const vulnerabilityContext: VulnerabilityContext = { seed, nowMicros, index: index.vulnerabilities, device };
  const prismContext: PrismContext = {
    seed,
    tenant,
    macIndices: index.macIndices,
    appleIndices: index.appleIndices,
    profiles: index.profiles,
    apps: index.apps,
    systemExtensions: index.systemExtensions,
    device,
    userOf: (d) => (d.userIndex === null ? null : identity(d.userIndex)),
  };

  const libraryItem = (itemId: string) => {
    const item = organisation.libraryItems.find((candidate) => candidate.id === itemId);
    if (!item) throw new RangeError(`unknown library item ${itemId}`);
    return item;
  };
  const libraryRowsContext: LibraryItemRowsContext = {
    seed,
    skeleton,
    devicesOfBlueprint: (id) => index.blueprintDevices[organisation.blueprints.findIndex((b) => b.id === id)]!,
  };

  const active = index.activePlatformCounts;
  const activeTotal = Object.values(active).reduce((sum, n) => sum + n, 0);

  return {
    spec,
    deviceCount,
    device,
    devices: () => generate(deviceCount, device),
    enrollingDevice,
    deviceId: (i) => deviceIdFor(seed, checkIndex('device', i, deviceCount)),
    lastEnrollmentMicros: (i) => index.lastEnrollmentMicros[checkIndex('device', i, deviceCount)]!,
    deviceIndexOf: (id) => {
      const claimed = claimedDeviceIndex(seed, id);
      return claimed !== undefined && claimed < deviceCount && deviceIdFor(seed, claimed) === id ? claimed : undefined;
    },
    macCount: index.macIndices.length,
    appleDeviceCount: index.appleIndices.length,
    blueprints,
    libraryItems: organisation.libraryItems,
    libraryItemStatuses: (i) => {
      const s = skeleton(checkIndex('device', i, deviceCount));
      return (organisation.blueprintItems[s.blueprintIndex] ?? []).map((item) => libraryItemStatus(seed, s, item));
    },
    libraryItemDeviceStatusCount: (itemId) => libraryItemRowCount(libraryRowsContext, libraryItem(itemId)),
    libraryItemDeviceStatuses: (itemId, offset, limit) => libraryItemRows(libraryRowsContext, libraryItem(itemId), offset, limit),
    deviceParameters: (i) => deviceParameters(seed, skeleton(checkIndex('device', i, deviceCount)).platform === 'Mac', i),
    user,
    users: () => generate(userCount, user),
    userCount,
    adeDevice: (k) => adeDevice(adeContext, checkIndex('ADE device', k, adeDeviceCount)),
    adeDevices: () => generate(adeDeviceCount, (k) => adeDevice(adeContext, k)),
    adeDeviceCount,
    adeIntegrations,
    auditEvent: auditEventAt,
    auditEvents: () => generate(auditEventCountAtNow, auditEventAt),
    auditEventCount: auditEventCountAtNow,
    auditEventIndexAtOrAfter: auditIndexAtOrAfter,
    auditEventsBetween: function* (from, to) {
      for (let i = auditIndexAtOrAfter(from), end = auditIndexAtOrAfter(to, 1); i < end; i++) yield auditEventAt(i);
    },
    tags: organisation.tags,
    threat: (t) => threat(threatContext, checkIndex('threat', t, threats)),
    threats: () => generate(threats, (t) => threat(threatContext, t)),
    threatCount: threats,
    malwareCount,
    pupCount: threats - malwareCount,
    vulnerabilityDetection: (v) => vulnerabilityDetection(vulnerabilityContext, checkIndex('detection', v, index.vulnerabilities.total)),
    vulnerabilityDetections: () => generate(index.vulnerabilities.total, (v) => vulnerabilityDetection(vulnerabilityContext, v)),
    vulnerabilityDetectionCount: index.vulnerabilities.total,
    licensing: {
      counts: { computers: activeTotal, ios: active.iPhone, ipados: active.iPad, macos: active.Mac, tvos: active.AppleTV },
      maxDevices: Math.max(10, Math.ceil((activeTotal * 1.1) / 10) * 10),
    },
    prismRowCount: (category) => prismRowCount(prismContext, category),
    prismRows: (category, offset, limit) => prismRows(prismContext, category, offset, limit),
  };
}

function checkIndex(what: string, index: number, count: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`${what} index ${index} out of range 0..${count - 1}`);
  return index;
}
