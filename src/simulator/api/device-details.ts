/** GET /api/v1/devices/{device_id}/details: the nested per-device document (Mac and iOS-family variants). */

import { Rng } from '../random/prng.js';
import { hardwareOf, hostNameOf } from '../fleet/hardware.js';
import { djangoSpaced, isoZ, parseMicros, profileDate, spacedSeconds } from '../fleet/time.js';
import type { Fleet, SimDevice } from '../fleet/types.js';
import { assignedUser } from './device-list-item.js';
import { pythonBool } from './python-bool.js';

type Doc = Record<string, unknown>;

export function deviceDetails(fleet: Fleet, device: SimDevice): Doc {
  const rng = new Rng(fleet.spec.seed, 'device-details', device.index);
  const isMac = device.platform === 'Mac';
  const username = localUsername(fleet, device);
  return {
    general: general(fleet, device, username),
    mdm: {
      mdm_enabled: pythonBool(device.mdmEnabled),
      supervised: pythonBool(device.supervised),
      install_date: djangoSpaced(parseMicros(device.lastEnrollment)),
      last_check_in: device.lastCheckIn === null ? '' : djangoSpaced(parseMicros(device.lastCheckIn) - rng.int(1, 900) * 1_000_000),
      mdm_enabled_user: isMac ? [username] : [],
    },
    activation_lock: {
      bypass_code_failed: false,
      user_activation_lock_enabled: false,
      device_activation_lock_enabled: !isMac && device.supervised,
      activation_lock_allowed_while_supervised: false,
      activation_lock_supported: true,
    },
    filevault: {
      filevault_enabled: device.filevault ? device.filevault.enabled : null,
      filevault_recoverykey_type: device.filevault?.keyType ?? '',
      filevault_prk_escrowed: device.filevault?.keyEscrowed ?? false,
      filevault_next_rotation: '',
      filevault_regen_required: false,
    },
    lost_mode: {},
    automated_device_enrollment: device.adeEligible ? { auto_enroll_eligible: true, auto_enrolled: device.autoEnrolled } : {},
    kandji_agent: kandjiAgent(device),
    hardware_overview: hardwareOverview(rng, device),
    volumes: isMac ? volumes(device) : [],
    network: {
      local_hostname: `${hostNameOf(device)}.local`,
      mac_address: Array.from({ length: 6 }, () => rng.hex(2)).join(':'),
      ip_address: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      public_ip: '',
    },
    recovery_information: isMac
      ? { recovery_lock_enabled: rng.chance(0.6), firmware_password_exist: false, firmware_password_pending: false, password_rotation_scheduled: '', password_has_been_set: rng.chance(0.6) }
      : {},
    users: isMac
      ? {
          regular_users: [{ username, uid: '501', path: `/Users/${username}`, admin: 'Yes', name: '' }],
          system_users: [{ username: '_lp', uid: '26', path: '/var/spool/cups', admin: 'No' }],
        }
      : {},
    installed_profiles: device.installedProfiles.map((profile) => ({
      name: profile.name,
      uuid: profile.uuid,
      verified: 'verified',
      identifier: profile.identifier,
      organization: profile.identifier === 'com.kandji.profile.mdmprofile' ? 'Kandji, Inc.' : fleet.spec.tenant,
      payload_types: profile.identifier === 'com.kandji.profile.mdmprofile' ? ['com.apple.mdm', 'com.apple.security.scep'] : ['com.apple.ManagedClient.preferences'],
      install_date: profileDate(parseMicros(profile.installedAt)),
    })),
    apple_business_manager: {},
    security_information: isMac ? { remote_desktop_enabled: rng.chance(0.2) } : {},
    cellular: device.platform === 'iPhone' ? { voice_roaming: false, data_roaming: false, cellular_technology: 'GSM', subscriptions: [] } : {},
    tags: device.tags,
  };
}

function localUsername(fleet: Fleet, device: SimDevice): string {
  if (device.userIndex === null) return 'admin';
  return fleet.user(device.userIndex).email.split('.')[0] ?? 'admin';
}

function general(fleet: Fleet, device: SimDevice, username: string): Doc {
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

function kandjiAgent(device: SimDevice): Doc {
  if (device.platform !== 'Mac' || !device.agentInstalled) {
    return { agent_installed: 'False', install_date: '', last_check_in: '', agent_version: '' };
  }
  return {
    agent_installed: 'True',
    install_date: spacedSeconds(parseMicros(device.lastEnrollment) + 60_000_000),
    last_check_in: device.lastCheckIn === null ? '' : isoZ(parseMicros(device.lastCheckIn)),
    agent_version: device.agentVersion,
  };
}

function hardwareOverview(rng: Rng, device: SimDevice): Doc {
  const hardware = hardwareOf(device);
  if (device.platform !== 'Mac') return { uuid: rng.uuid(), serial_number: device.serialNumber, model_identifier: device.modelId };
  return {
    model_name: hardware.modelName,
    model_identifier: device.modelId,
    processor_name: hardware.processor,
    processor_speed: '',
    number_of_processors: '8',
    total_number_of_cores: '8',
    memory: hardware.memory,
    udid: rng.uuid(),
    serial_number: device.serialNumber,
  };
}

function volumes(device: SimDevice): Doc[] {
  const capacity = hardwareOf(device).capacityGb;
  const used = 10 + (device.index % 70);
  return [{
    name: 'Macintosh HD - Data',
    format: 'APFS',
    percent_used: `${used}%`,
    identifier: 'disk3s1',
    capacity: `${capacity.toFixed(2)} GB`,
    available: `${((capacity * (100 - used)) / 100).toFixed(2)} GB`,
    encrypted: device.filevault?.enabled ? 'Yes' : 'No',
  }];
}
