/**
 * GET /api/v1/devices/{device_id}/details: the nested per-device document (Mac and iOS-family variants here;
 * Windows and Android have their own structure, see windows-android-details.ts).
 */

import { Rng } from '../random/prng.js';
import { hardwareOf, hostNameOf } from '../fleet/hardware.js';
import { djangoSpaced, parseMicros, profileDate, spacedSeconds } from '../fleet/time.js';
import type { Fleet, SimDevice } from '../fleet/types.js';
import { general, localUsername } from './device-general.js';
import { pythonBool } from './python-bool.js';
import { androidDetails, windowsDetails } from './windows-android-details.js';

type Doc = Record<string, unknown>;

export function deviceDetails(fleet: Fleet, device: SimDevice): Doc {
  if (device.platform === 'Windows') return windowsDetails(fleet, device);
  if (device.platform === 'Android') return androidDetails(fleet, device);
  const rng = new Rng(fleet.spec.seed, 'device-details', device.index);
  const isMac = device.platform === 'Mac';
  const username = localUsername(fleet, device);
  return {
    general: general(fleet, device, username),
    mdm: {
      mdm_enabled: pythonBool(device.mdmEnabled),
      supervised: pythonBool(device.supervised),
      install_date: djangoSpaced(parseMicros(device.lastEnrollment)),
      last_check_in: device.lastMdmCheckIn === null ? '' : djangoSpaced(parseMicros(device.lastMdmCheckIn)),
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
      ? {
          recovery_lock_enabled: rng.chance(0.6),
          firmware_password_exist: false,
          firmware_password_pending: false,
          password_rotation_scheduled: '',
          password_has_been_set: rng.chance(0.6),
        }
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
      payload_types:
        profile.identifier === 'com.kandji.profile.mdmprofile' ? ['com.apple.mdm', 'com.apple.security.scep'] : ['com.apple.ManagedClient.preferences'],
      install_date: profileDate(parseMicros(profile.installedAt)),
    })),
    apple_business_manager: {},
    security_information: isMac ? { remote_desktop_enabled: rng.chance(0.2) } : {},
    cellular: device.platform === 'iPhone' ? { voice_roaming: false, data_roaming: false, cellular_technology: 'GSM', subscriptions: [] } : {},
    tags: device.tags,
  };
}

function kandjiAgent(device: SimDevice): Doc {
  if (device.platform !== 'Mac' || !device.agentInstalled) {
    return { agent_installed: 'False', install_date: '', last_check_in: '', agent_version: '' };
  }
  return {
    agent_installed: 'True',
    install_date: spacedSeconds(parseMicros(device.lastEnrollment) + 60_000_000),
    last_check_in: device.lastAgentCheckIn ?? '',
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
  return [
    {
      name: 'Macintosh HD - Data',
      format: 'APFS',
      percent_used: `${used}%`,
      identifier: 'disk3s1',
      capacity: `${capacity.toFixed(2)} GB`,
      available: `${((capacity * (100 - used)) / 100).toFixed(2)} GB`,
      encrypted: device.filevault?.enabled ? 'Yes' : 'No',
    },
  ];
}
