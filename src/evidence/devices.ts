import type { DeviceRow } from '../iru/schemas/device.js';
import type { BuildContext } from './artifact-definition.js';
import { notApplicable, type Evaluation } from './evaluation.js';
import { signalsByDevice, type DeviceSignal } from './prism-signals.js';
import { AGENT_PLATFORMS } from './thresholds.js';
import { rowsOf } from './rows.js';
import { normalizeTimestamp } from './timestamps.js';

/** The clock a check-in time was read from. */
export type CheckInClock = 'mdm_check_in' | 'agent_check_in';

/** What per-device evaluations need from a GET /devices row to decide scope and freshness. */
export interface DeviceFacts {
  deviceId: string;
  platform: string;
  isRemoved: boolean;
  /** The most recent check-in known for the device, null when it never checked in. */
  lastCheckIn: string | null;
  /** The clock `lastCheckIn` was read from (the /devices clock when the device never checked in). */
  lastCheckInClock: CheckInClock;
  /**
   * No check-in is known, yet the device may well check in: a Mac without the agent shows an agent clock in /devices that
   * never moves, and Prism gave no MDM check-in. Never true while `lastCheckIn` is set.
   */
  checkInUnknown: boolean;
}

/** The check-ins Prism device_information reports for a device (Apple devices only). */
export interface PrismCheckIns {
  mdm: string | null;
  agent: string | null;
}

/**
 * The clock of GET /devices `last_check_in`: the agent check-in on a Mac or Windows device with the agent installed,
 * the MDM check-in on every other device. iPhone and iPad rows say `agent_installed: true`, but no Iru agent exists there.
 * A Mac without the agent is the exception: see `frozenListCheckIn`.
 */
export function devicesListClock(row: DeviceRow): CheckInClock {
  return AGENT_PLATFORMS.has(row.platform) && (row.agent_installed === true || frozenListCheckIn(row)) ? 'agent_check_in' : 'mdm_check_in';
}

/**
 * On a Mac without the agent, /devices `last_check_in` is an agent clock that never moves: a recorded Mac kept one a
 * minute after its enrollment for months while MDM managed it (../shared/reference/iru-api-observed.md, Check-in
 * times). It is no check-in at all, fresh or stale.
 */
function frozenListCheckIn(row: DeviceRow): boolean {
  return row.platform === 'Mac' && row.agent_installed === false;
}

/** The device's facts; its last check-in is the most recent of the /devices check-in and Prism's, when given. */
export function deviceFacts(row: DeviceRow, prism?: PrismCheckIns): DeviceFacts {
  const frozen = frozenListCheckIn(row);
  const known: { at: string | null; clock: CheckInClock }[] = [
    { at: frozen ? null : normalizeTimestamp(row.last_check_in), clock: devicesListClock(row) },
    { at: prism?.mdm ?? null, clock: 'mdm_check_in' },
    { at: AGENT_PLATFORMS.has(row.platform) ? (prism?.agent ?? null) : null, clock: 'agent_check_in' },
  ];
  const latest = known.reduce((a, b) => (b.at !== null && (a.at === null || b.at > a.at) ? b : a));
  const checkInUnknown = latest.at === null && frozen && normalizeTimestamp(row.last_check_in) !== null;
  return {
    deviceId: row.device_id,
    platform: row.platform,
    isRemoved: row.is_removed === true,
    lastCheckIn: latest.at,
    lastCheckInClock: latest.clock,
    checkInUnknown,
  };
}

/** Prism's MDM and agent check-ins by device id, from `prism-device-information` (empty when it was not collected). */
export function prismCheckIns(context: BuildContext): Promise<Map<string, DeviceSignal<PrismCheckIns>>> {
  return signalsByDevice(context, 'prism-device-information', (row): PrismCheckIns => ({
    mdm: normalizeTimestamp(row.last_checkin_mdm),
    agent: normalizeTimestamp(row.last_checkin_agent),
  }));
}

/** The device's assigned user as the device list gives it (id and archived flag only); the API sends "" when there is none. */
export function assignedUser(row: DeviceRow): { id: string; isArchived: boolean | null } | null {
  return row.user && typeof row.user === 'object' ? { id: row.user.id, isArchived: row.user.is_archived ?? null } : null;
}

/**
 * Who a device is, for people reading its records: its name and serial number as the device list gives them (null when
 * empty), and its assigned user's name, else e-mail address. `assignedUser` is absent when the device has no user (the API
 * sends "" or null) or the user has neither.
 */
export interface DeviceIdentity {
  deviceName: string | null;
  serialNumber: string | null;
  assignedUser?: string;
}

export function deviceIdentity(row: DeviceRow): DeviceIdentity {
  const user = row.user && typeof row.user === 'object' ? row.user.name || row.user.email : undefined;
  return { deviceName: row.device_name || null, serialNumber: row.serial_number || null, ...(user ? { assignedUser: user } : {}) };
}

/** The identity of a device another source names by id: unknown (both null, no user) when the device list did not list it. */
export function identityOf(identities: ReadonlyMap<string, DeviceIdentity>, deviceId: string | null | undefined): DeviceIdentity {
  return (deviceId ? identities.get(deviceId) : undefined) ?? { deviceName: null, serialNumber: null };
}

/**
 * Every listed device's identity by id, from the run's GET /devices pages (empty when they were not collected): the
 * join for Artifacts built from other sources that name devices by id. No request of its own; bounded by the fleet.
 */
export async function deviceIdentities(context: BuildContext): Promise<Map<string, DeviceIdentity>> {
  const identities = new Map<string, DeviceIdentity>();
  for await (const row of rowsOf(context, 'devices')) identities.set(row.device_id, deviceIdentity(row));
  return identities;
}

/**
 * Not applicable when a per-device control does not cover the device: a platform the control does not apply to,
 * or a device removed from management (it is no longer part of the managed fleet).
 */
export function outOfScope(device: DeviceFacts, platforms?: ReadonlySet<string>): Evaluation | undefined {
  if (platforms && !platforms.has(device.platform)) return notApplicable('platform_out_of_scope');
  if (device.isRemoved) return notApplicable('device_removed');
  return undefined;
}

/** Platforms of the macOS-only Prism categories (FileVault, firewall, Gatekeeper, startup settings). */
export const MAC_ONLY: ReadonlySet<string> = new Set(['Mac']);
