/** The columns of each Prism category: the common columns every row starts with, then the category's own. */

import { hashKeys } from '../random/prng.js';
import { hardwareOf, hostNameOf, osReleaseOf } from './hardware.js';
import { isoOffset, parseMicros } from './time.js';
import type { SimDevice } from './types.js';

export interface PrismUser {
  deprecatedUserId: string;
  name: string;
  email: string;
}

export interface ColumnContext {
  seed: number;
  tenant: string;
  userOf(device: SimDevice): PrismUser | null;
}

type Row = Record<string, unknown>;

const offsetTime = (iso: string | null): string | null => (iso === null ? null : isoOffset(parseMicros(iso)));

export function commonColumns(device: SimDevice, context: ColumnContext): Row {
  const user = context.userOf(device);
  const collected = offsetTime(device.lastCheckIn ?? device.lastEnrollment);
  return {
    device_id: device.id,
    device__name: device.name,
    device__family: device.platform,
    device__user_id: user?.deprecatedUserId ?? '',
    device__user_name: user?.name ?? '',
    device__user_email: user?.email ?? '',
    blueprint_id: device.blueprintId,
    blueprint_name: device.blueprintName,
    tags: device.tags.length > 0 ? device.tags : null,
    asset_tag: device.assetTag,
    serial_number: device.serialNumber,
    model_id: device.modelId,
    count: null,
    created_at: offsetTime(device.firstEnrollment),
    updated_at: collected,
    last_changed_at: null,
    last_collected_at: collected,
  };
}

export function deviceInformation(device: SimDevice): Row {
  const hardware = hardwareOf(device);
  const release = osReleaseOf(device);
  const isMac = device.platform === 'Mac';
  const isPhone = device.platform === 'iPhone';
  return {
    device_capacity: hardware.capacityGb,
    host_name: hostNameOf(device),
    local_hostname: hostNameOf(device),
    apple_silicon: hardware.appleSilicon,
    model: device.model,
    model_name: hardware.modelName,
    shared_ipad: device.platform === 'iPad' ? false : null,
    cellular_technology: isPhone ? 'GSM' : null,
    data_roaming: isPhone ? false : null,
    hotspot: isPhone ? false : null,
    first_enrollment_date: offsetTime(device.firstEnrollment),
    last_enrollment_date: offsetTime(device.lastEnrollment),
    agent_version: isMac && device.agentVersion !== '' ? device.agentVersion : null,
    mdm_enabled: device.mdmEnabled,
    agent_installed: isMac ? device.agentInstalled : null,
    os_version: device.osVersion,
    os_build: device.osBuild,
    marketing_name: release.marketingName,
    supplemental_build_version: device.osBuild,
    supplemental_os_version_extra: '',
    display_os_version: `${device.osVersion} (${device.osBuild})`,
    // last_checkin: the clock /devices shows (agent where installed, else MDM).
    last_checkin: offsetTime(device.lastCheckIn),
    last_checkin_agent: offsetTime(device.lastAgentCheckIn),
    last_checkin_mdm: offsetTime(device.lastMdmCheckIn),
    battery_health: isMac && hardware.modelName.startsWith('MacBook') ? 'Normal' : null,
    lost_mode_status: '',
  };
}

export function fileVault(device: SimDevice): Row {
  const fv = device.filevault!;
  return {
    status: fv.enabled,
    key_type: fv.keyType,
    key_escrowed: fv.keyEscrowed,
    regeneration_needed: fv.enabled ? false : null,
    scheduled_key_rotation: null,
  };
}

export function firewall(device: SimDevice): Row {
  const fw = device.firewall!;
  return {
    status: fw.enabled,
    block_all_incoming: fw.blockAllIncoming,
    logging: fw.enabled,
    logging_option: 'throttled',
    stealth_mode: fw.stealthMode,
    version: '1.7',
    allow_signed_applications: true,
    unloading: false,
  };
}

export function gatekeeper(device: SimDevice): Row {
  const gk = device.gatekeeper!;
  return {
    gatekeeper_status: gk.enabled,
    trusted_developers: gk.enabled,
    gatekeeper_version: '8.0',
    gatekeeper_opaque_version: '94',
    xprotect_version: gk.xprotectVersion,
    malware_removal_tool_version: '1.93',
  };
}

export function startupSettings(device: SimDevice): Row {
  const startup = device.startup!;
  const appleSilicon = hardwareOf(device).appleSilicon;
  return {
    sip: startup.sip,
    ssv: startup.ssv,
    bootstrap_token_auth: false,
    kext_requires_bst: appleSilicon,
    software_update_requires_bst: appleSilicon,
    bootstrap_token_escrowed: device.mdmEnabled && device.supervised,
    external_boot_level: appleSilicon ? null : 'disallowed',
    secure_boot_level: startup.secureBootLevel,
    any_signed_os: null,
    mdm_manages_kext: null,
    user_manages_kext: null,
  };
}

export function installedProfile(device: SimDevice, row: number, context: ColumnContext): Row {
  const profile = device.installedProfiles[row]!;
  const isMdm = profile.identifier === 'com.kandji.profile.mdmprofile';
  const managed = isMdm || profile.identifier.startsWith('com.kandji.profile.custom.');
  const organization = isMdm ? 'Kandji, Inc.' : context.tenant;
  return {
    profile_display_name: profile.name,
    payload_identifier: profile.identifier,
    payload_uuid: profile.uuid,
    removal_passcode: false,
    encrypted: false,
    managed,
    profile_description: isMdm ? 'Kandji MDM enrollment profile' : '',
    organization,
    removable: !isMdm,
    signed: managed,
    profile_data: [
      {
        type: isMdm ? 'com.apple.mdm' : 'com.apple.ManagedClient.preferences',
        uuid: profile.uuid,
        version: 1,
        identifier: `${profile.identifier}.payload`,
        display_name: profile.name,
        organization,
      },
    ],
  };
}

const OBTAINED_FROM = { Apple: 'apple', 'App Store': 'mac_app_store', 'Identified Developer': 'identified_developer' } as const;

export function app(device: SimDevice, row: number, context: ColumnContext): Row {
  const entry = device.apps[row]!;
  const isMac = device.platform === 'Mac';
  return {
    path: entry.path,
    obtained_from: isMac ? OBTAINED_FROM[entry.source] : null,
    bundle_size: 1_000_000 + (hashKeys(context.seed, `bundle-size:${entry.bundleId}`) % 900_000_000),
    bundle_id: entry.bundleId,
    name: entry.name,
    short_version: entry.version.split(' ')[0],
    signature: entry.source === 'Apple' ? 'Software Signing, Apple Code Signing Certification Authority, Apple Root CA' : null,
    ad_hoc_code_signed: false,
    app_store_vendable: isMac ? null : true,
    beta_app: false,
    device_based_vpp: isMac ? null : false,
    has_update_available: false,
    installing: false,
    version: entry.version,
    app_clip: false,
    validated: true,
    executable: entry.name,
    bundle_name: entry.name,
    bundle_type: 'APPL',
    bundle_display_name: entry.name,
    minimum_system_version: isMac ? '12.0' : null,
    category: null,
    copyright: null,
    developer_name: null,
    team_id: null,
  };
}

export function systemExtension(device: SimDevice, row: number): Row {
  const extension = device.systemExtensions[row]!;
  const bundlePath = `/Applications/${extension.name}.app`;
  return {
    path: `/Library/SystemExtensions/${extension.teamId}/${extension.identifier}.systemextension`,
    identifier: extension.identifier,
    state: extension.state,
    name: extension.name,
    short_version: extension.version,
    bundle_version: extension.version,
    categories: ['com.apple.system_extension.endpoint_security'],
    bundle_path: bundlePath,
    team_id: extension.teamId,
    is_mdm_managed: extension.identifier.startsWith('io.kandji'),
  };
}
