/* Generated from schemas/artifacts/configuration-profiles.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The configuration profiles installed on one device (GET /api/v1/prism/installed_profiles); identities only, never payloads.
 */
export interface ConfigurationProfilesRecord {
  /**
   * The Iru device id.
   */
  deviceId: string;
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
