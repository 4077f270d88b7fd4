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

/** The Iru user id of the device's assigned user; the API sends "" (or null) when there is none. */
export function assignedUserId(row: DeviceRow): string | null {
  return row.user && typeof row.user === 'object' ? row.user.id : null;
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
