/** The `general` section of GET /devices/{device_id}/details, shared by every platform's document. */

import { djangoSpaced, parseMicros } from '../fleet/time.js';
import type { Fleet, SimDevice } from '../fleet/types.js';
import { assignedUser } from './device-list-item.js';

type Doc = Record<string, unknown>;

export function localUsername(fleet: Fleet, device: SimDevice): string {
  if (device.userIndex === null) return 'admin';
  return fleet.user(device.userIndex).email.split('.')[0] ?? 'admin';
}

export function general(fleet: Fleet, device: SimDevice, username: string): Doc {
  return {
    device_id: device.id,
    device_name: device.name,
    last_enrollment: djangoSpaced(parseMicros(device.lastEnrollment)),
    first_enrollment: djangoSpaced(parseMicros(device.firstEnrollment)),
    model: device.model,
    platform: device.platform,
    os_version: device.osVersion,
    supplemental_build_version: device.osBuild,
    supplemental_os_version_extra: '',
    system_version: `${device.osVersion} (${device.osBuild})`,
    boot_volume: device.platform === 'Mac' ? 'Macintosh HD' : '',
    time_since_boot: '3 days ago',
    last_user: device.platform === 'Mac' ? username : '',
    asset_tag: device.assetTag,
    assigned_user: assignedUser(fleet, device),
    blueprint_name: device.blueprintName,
    blueprint_uuid: device.blueprintId,
  };
}
