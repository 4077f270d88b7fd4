/* Generated from schemas/artifacts/disk-encryption.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * FileVault status of one device (GET /api/v1/prism/filevault joined to GET /api/v1/devices).
 */
export interface DiskEncryptionRecord {
  /**
   * The Iru device id.
   */
  deviceId: string;
  /**
   * Iru platform: Mac, iPhone, iPad, AppleTV, ...
   */
  platform: string;
  /**
   * FileVault on.
   */
  encrypted: boolean | null;
  /**
   * The personal recovery key is escrowed in Iru (recorded, not a criterion).
   */
  keyEscrowed: boolean | null;
  keyType: string | null;
  /**
   * When Prism last collected the signal.
   */
  lastCollectedAt: string | null;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable';
  /**
   * Empty for pass. fail: filevault_off. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: platform_out_of_scope (the control does not cover this platform), device_removed (no longer managed).
   */
  reasons: string[];
}
