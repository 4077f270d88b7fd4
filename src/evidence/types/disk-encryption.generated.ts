/* Generated from schemas/artifacts/disk-encryption.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * FileVault status of one device (GET /api/v1/prism/filevault, or without its permission GET /api/v1/devices?filevault_enabled=true|false, joined to GET /api/v1/devices).
 */
export interface DiskEncryptionRecord {
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
  /**
   * Iru platform: Mac, iPhone, iPad, AppleTV, ...
   */
  platform: string;
  /**
   * FileVault on.
   */
  encrypted: boolean | null;
  /**
   * The personal recovery key is escrowed in Iru (recorded, not a criterion); null when read from GET /devices, which does not say.
   */
  keyEscrowed: boolean | null;
  keyType: string | null;
  /**
   * When the FileVault state was last observed, on the clock signalClock names: Prism's collection time, or the device's check-in when read from GET /devices filtered by filevault_enabled.
   */
  lastCollectedAt: string | null;
  /**
   * The clock of lastCollectedAt: prism_collection (Prism FileVault), or agent_check_in / mdm_check_in (the /devices check-in, when the Prism FileVault permission is denied). Null without a signal.
   */
  signalClock: 'prism_collection' | 'agent_check_in' | 'mdm_check_in' | null;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: filevault_off. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: platform_out_of_scope (the control does not cover this platform), device_removed (no longer managed).
   */
  reasons: string[];
  /**
   * With result excepted: the result the record would have had without the exception (only failing records are excepted).
   */
  exceptedResult?: 'fail';
  /**
   * With result excepted: the exception that applied (summary.exceptions lists it with its justification, approver and last day).
   */
  exceptionId?: string;
}
