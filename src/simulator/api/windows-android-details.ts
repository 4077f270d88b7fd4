/**
 * GET /api/v1/devices/{device_id}/details for Windows and Android, whose documents have their own sections (PM26):
 * Windows `general` + `mdm{management_client_revision, windows_device_id}` + `hardware_overview` + `network` +
 * `kandji_agent{is_agent_installed, install_date, last_check_in_datetime, version}`; Android `general`, `hardware`,
 * `management`, `cellular`, `security`. No FileVault, installed profiles or Apple sections.
 */

import { Rng } from '../random/prng.js';
import { hardwareOf, hostNameOf, osReleaseOf } from '../fleet/hardware.js';
import { parseMicros, spacedSeconds } from '../fleet/time.js';
import type { Fleet, SimDevice } from '../fleet/types.js';
import { general, localUsername } from './device-general.js';

type Doc = Record<string, unknown>;

const MANUFACTURERS: Record<string, string> = {
  Latitude: 'Dell Inc.',
  ThinkPad: 'LENOVO',
  'Surface Laptop': 'Microsoft Corporation',
  Pixel: 'Google',
  Galaxy: 'samsung',
};

function network(rng: Rng, device: SimDevice): Doc {
  return {
    local_hostname: hostNameOf(device),
    mac_address: Array.from({ length: 6 }, () => rng.hex(2)).join(':'),
    ip_address: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    public_ip: '',
  };
}

export function windowsDetails(fleet: Fleet, device: SimDevice): Doc {
  const rng = new Rng(fleet.spec.seed, 'device-details', device.index);
  const hardware = hardwareOf(device);
  const release = osReleaseOf(device);
  return {
    general: {
      ...general(fleet, device, localUsername(fleet, device)),
      manufacturer: MANUFACTURERS[hardware.modelName] ?? '',
      device_model: device.model,
      os_name: release.marketingName,
      os_build: device.osBuild,
      os_edition: 'Enterprise',
    },
    mdm: { management_client_revision: '10.0.26100.1', windows_device_id: rng.uuid().toUpperCase() },
    hardware_overview: {
      bios_version: `1.${rng.int(10, 30)}.0`,
      processor_name: hardware.processor,
      memory: hardware.memory,
      serial_number: device.serialNumber,
    },
    network: network(rng, device),
    kandji_agent: {
      is_agent_installed: device.agentInstalled,
      install_date: device.agentInstalled ? spacedSeconds(parseMicros(device.lastEnrollment) + 60_000_000) : '',
      last_check_in_datetime: device.lastAgentCheckIn ?? '',
      version: device.agentVersion,
    },
    tags: device.tags,
  };
}

export function androidDetails(fleet: Fleet, device: SimDevice): Doc {
  const rng = new Rng(fleet.spec.seed, 'device-details', device.index);
  const hardware = hardwareOf(device);
  const encrypted = rng.chance(0.95);
  return {
    general: general(fleet, device, localUsername(fleet, device)),
    hardware: { manufacturer: MANUFACTURERS[hardware.modelName] ?? '', model: device.model, serial_number: device.serialNumber },
    management: { management_mode: 'DEVICE_OWNER', ownership: 'COMPANY_OWNED' },
    cellular: { imei: rng.digits(15), meid: '' },
    security: {
      android_debug_bridge_enabled: rng.chance(0.03),
      device_posture: rng.chance(0.9) ? 'SECURE' : 'AT_RISK',
      developer_mode_enabled: rng.chance(0.05),
      encryption_status: encrypted ? 'ENCRYPTED' : 'INACTIVE',
      has_google_play_protect: rng.chance(0.97),
      has_passcode: rng.chance(0.93),
      is_encrypted: encrypted,
      unknown_app_sources_enabled: rng.chance(0.04),
    },
    tags: device.tags,
  };
}
