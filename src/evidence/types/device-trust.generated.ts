/* Generated from schemas/artifacts/device-trust.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Whether one device is verified as a trusted, managed device (GET /api/v1/devices, and Prism device information's check-ins when collected).
 */
export interface DeviceTrustRecord {
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
   * True when every criterion holds (result pass).
   */
  verified: boolean;
  /**
   * Iru knows the device's serial number.
   */
  serialKnown: boolean;
  /**
   * The most recent check-in known for the device (null: never checked in); judged against the device-trust threshold.
   */
  lastCheckIn: string | null;
  /**
   * The clock lastCheckIn was read from: the MDM check-in or the Iru agent's check-in.
   */
  lastCheckInClock: 'mdm_check_in' | 'agent_check_in';
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
   * GET /api/v1/devices mdm_enabled: the device is enrolled in MDM (every platform).
   */
  mdmEnabled: boolean | null;
  isRemoved: boolean;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: serial_unknown, check_in_too_old, never_checked_in, check_in_unknown (a Mac without the agent, whose /devices clock never moves, and no Prism MDM check-in), agent_not_installed, mdm_not_enrolled, device_removed. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: none.
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
