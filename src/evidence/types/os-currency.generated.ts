/* Generated from schemas/artifacts/os-currency.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The OS version of one device against its platform's minimum (GET /api/v1/devices, and Prism device information's check-ins when collected).
 */
export interface OsCurrencyRecord {
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
   * As the device last reported it.
   */
  osVersion: string | null;
  /**
   * The minimum applied for the platform; null where none is set.
   */
  minimumOsVersion: string | null;
  /**
   * The most recent check-in known for the device; a version reported longer ago than the posture threshold is stale.
   */
  lastCheckIn: string | null;
  /**
   * The clock lastCheckIn was read from: the MDM check-in or the Iru agent's check-in.
   */
  lastCheckInClock: 'mdm_check_in' | 'agent_check_in';
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: below_minimum_os_version. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: platform_out_of_scope (the control does not cover this platform), device_removed (no longer managed).
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
