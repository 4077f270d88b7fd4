import type { DeviceRow } from '../iru/schemas/device.js';
import { notApplicable, type Evaluation } from './evaluation.js';
import { normalizeTimestamp } from './timestamps.js';

/** What per-device evaluations need from a GET /devices row to decide scope and freshness. */
export interface DeviceFacts {
  deviceId: string;
  platform: string;
  isRemoved: boolean;
  lastCheckIn: string | null;
}

export function deviceFacts(row: DeviceRow): DeviceFacts {
  return { deviceId: row.device_id, platform: row.platform, isRemoved: row.is_removed === true, lastCheckIn: normalizeTimestamp(row.last_check_in) };
}

/** The device's assigned user as the device list gives it (id and archived flag only); the API sends "" when there is none. */
export function assignedUser(row: DeviceRow): { id: string; isArchived: boolean | null } | null {
  return row.user && typeof row.user === 'object' ? { id: row.user.id, isArchived: row.user.is_archived ?? null } : null;
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
