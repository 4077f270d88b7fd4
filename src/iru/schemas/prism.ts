import { z } from 'zod';
import { iruBoolean, iruTimestamp, nullableString } from './primitives.js';

const flag = iruBoolean.nullable().optional();

/** The columns every Prism category starts with (test/contract/fixtures/prism-device-information.json). */
const PrismCommon = {
  device_id: z.string().min(1),
  device__name: nullableString,
  device__family: nullableString,
  serial_number: nullableString,
  blueprint_id: nullableString,
  blueprint_name: nullableString,
  created_at: iruTimestamp,
  updated_at: iruTimestamp,
  last_collected_at: iruTimestamp,
};

export const PrismDeviceInformationRow = z.object({
  ...PrismCommon,
  model: nullableString,
  os_version: nullableString,
  os_build: nullableString,
  marketing_name: nullableString,
  mdm_enabled: flag,
  agent_installed: flag,
  agent_version: nullableString,
  first_enrollment_date: iruTimestamp,
  last_enrollment_date: iruTimestamp,
  last_checkin: iruTimestamp,
  last_checkin_agent: iruTimestamp,
  last_checkin_mdm: iruTimestamp,
});
export type PrismDeviceInformationRow = z.infer<typeof PrismDeviceInformationRow>;

/** FileVault status only: the category carries no key material. */
export const PrismFilevaultRow = z.object({
  ...PrismCommon,
  status: flag,
  key_type: nullableString,
  key_escrowed: flag,
  regeneration_needed: flag,
});
export type PrismFilevaultRow = z.infer<typeof PrismFilevaultRow>;

export const PrismFirewallRow = z.object({
  ...PrismCommon,
  status: flag,
  block_all_incoming: flag,
  stealth_mode: flag,
  logging: flag,
  allow_signed_applications: flag,
});
export type PrismFirewallRow = z.infer<typeof PrismFirewallRow>;

export const PrismGatekeeperRow = z.object({
  ...PrismCommon,
  gatekeeper_status: flag,
  trusted_developers: flag,
  xprotect_version: nullableString,
  malware_removal_tool_version: nullableString,
});
export type PrismGatekeeperRow = z.infer<typeof PrismGatekeeperRow>;

export const PrismStartupSettingsRow = z.object({
  ...PrismCommon,
  sip: flag,
  ssv: flag,
  secure_boot_level: nullableString,
  external_boot_level: nullableString,
  bootstrap_token_escrowed: flag,
});
export type PrismStartupSettingsRow = z.infer<typeof PrismStartupSettingsRow>;

/** Profile identity only; `profile_data` and `removal_passcode` are dropped at the boundary. */
export const PrismInstalledProfileRow = z.object({
  ...PrismCommon,
  profile_display_name: nullableString,
  payload_identifier: nullableString,
  payload_uuid: nullableString,
  organization: nullableString,
  managed: flag,
  signed: flag,
  encrypted: flag,
});
export type PrismInstalledProfileRow = z.infer<typeof PrismInstalledProfileRow>;

export const PrismAppRow = z.object({
  ...PrismCommon,
  name: nullableString,
  bundle_id: nullableString,
  version: nullableString,
  short_version: nullableString,
  obtained_from: nullableString,
  team_id: nullableString,
  developer_name: nullableString,
  has_update_available: flag,
});
export type PrismAppRow = z.infer<typeof PrismAppRow>;

export const PrismSystemExtensionRow = z.object({
  ...PrismCommon,
  identifier: nullableString,
  name: nullableString,
  state: nullableString,
  team_id: nullableString,
  bundle_version: nullableString,
  is_mdm_managed: flag,
});
export type PrismSystemExtensionRow = z.infer<typeof PrismSystemExtensionRow>;

export const PrismCount = z.object({ count: z.number().int().min(0), approximate: iruBoolean.nullable().optional() });
