/* Generated from schemas/artifacts/configuration-profiles.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The configuration profiles installed on one device (GET /api/v1/prism/installed_profiles); identities only, never payloads.
 */
export interface ConfigurationProfilesRecord {
  /**
   * The Iru device id.
   */
  deviceId: string;
  /**
   * The device's name in Iru (GET /api/v1/devices device_name); null when the device list does not list the device or gives no name.
   */
  deviceName: string | null;
  /**
   * The device's serial number (GET /api/v1/devices serial_number); null when the device list does not list the device or gives none.
   */
  serialNumber: string | null;
  /**
   * The name of the device's assigned user, else the e-mail address, as GET /api/v1/devices gives them; absent when the device has no assigned user.
   */
  assignedUser?: string;
  platform: string | null;
  profileCount: number;
  /**
   * Profiles Iru marks as managed.
   */
  managedProfileCount: number;
  /**
   * The Iru MDM profile (com.kandji.profile.mdmprofile) is installed.
   */
  mdmProfileInstalled: boolean;
  /**
   * The newest Prism collection time of the device's profiles.
   */
  lastCollectedAt: string | null;
  /**
   * Sorted by identifier, then name.
   */
  profiles: {
    /**
     * Payload identifier.
     */
    identifier: string | null;
    /**
     * Display name.
     */
    name: string | null;
    managed: boolean | null;
    signed: boolean | null;
  }[];
}
