/** One element of GET /api/v1/devices (and the shape of the user object it embeds). */

import { osReleaseOf } from '../fleet/hardware.js';
import { djangoSpaced, parseMicros } from '../fleet/time.js';
import type { Fleet, SimDevice } from '../fleet/types.js';

/** `{email, name, id, is_archived}`, or the empty string when no user is assigned. */
export function assignedUser(fleet: Fleet, device: SimDevice): Record<string, unknown> | '' {
  if (device.userIndex === null) return '';
  const user = fleet.user(device.userIndex);
  return { email: user.email, name: user.name, id: user.id, is_archived: user.archived };
}

/**
 * `agent_installed` as the list shows it: iPhone and iPad rows send true (with `agent_version: ""`) although no agent
 * exists there; elsewhere it is the model's flag.
 */
function listedAgentInstalled(device: SimDevice): boolean {
  return device.agentInstalled || device.platform === 'iPhone' || device.platform === 'iPad';
}

/** Windows rows add `full_software_version`; Android rows `api_level` and `security_patch_level`. */
function platformOsFields(device: SimDevice): Record<string, string> {
  const release = osReleaseOf(device);
  if (device.platform === 'Windows') return { full_software_version: release.fullVersion ?? '' };
  if (device.platform === 'Android') return { api_level: release.apiLevel ?? '', security_patch_level: release.securityPatchLevel ?? '' };
  return {};
}

export function deviceListItem(fleet: Fleet, device: SimDevice): Record<string, unknown> {
  return {
    device_id: device.id,
    device_name: device.name,
    model: device.model,
    serial_number: device.serialNumber,
    platform: device.platform,
    os_version: device.osVersion,
    supplemental_build_version: device.osBuild,
    supplemental_os_version_extra: '',
    ...platformOsFields(device),
    last_check_in: device.listedCheckIn ?? '',
    user: assignedUser(fleet, device),
    asset_tag: device.assetTag,
    blueprint_id: device.blueprintId,
    mdm_enabled: device.mdmEnabled,
    agent_installed: listedAgentInstalled(device),
    is_missing: device.isMissing,
    is_removed: device.isRemoved,
    agent_version: device.agentVersion,
    first_enrollment: djangoSpaced(parseMicros(device.firstEnrollment)),
    last_enrollment: djangoSpaced(parseMicros(device.lastEnrollment)),
    blueprint_name: device.blueprintName,
    lost_mode_status: '',
    tags: device.tags,
  };
}
