/* Generated from schemas/artifacts/device-trust.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Whether one device is verified as a trusted, managed device (GET /api/v1/devices and Prism installed profiles).
 */
export interface DeviceTrustRecord {
  /**
   * The Iru device id.
   */
  deviceId: string;
  /**
   * Iru platform: Mac, iPhone, iPad, AppleTV, ...
   */
  platform: string;
  /**
   * True when every criterion holds (result pass).
   */
  verified: boolean;
  /**
   * Iru knows the device's serial number.
   */
  serialKnown: boolean;
  lastCheckIn: string | null;
  /**
   * Checked in within the device-trust check-in threshold (summary.thresholds).
   */
  checkedInWithinLimit: boolean;
  /**
   * True on platforms the Iru agent runs on (Mac, Windows).
   */
  agentRequired: boolean;
  agentInstalled: boolean | null;
  /**
   * The Iru MDM profile (com.kandji.profile.mdmprofile) is among the device's installed profiles.
   */
  mdmProfileInstalled: boolean;
  isRemoved: boolean;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable';
  /**
   * Empty for pass. fail: serial_unknown, check_in_too_old, never_checked_in, agent_not_installed, mdm_profile_missing, device_removed. not_evaluable: one of stale, missing_data, transient, permission_denied. not_applicable: none.
   */
  reasons: string[];
}
