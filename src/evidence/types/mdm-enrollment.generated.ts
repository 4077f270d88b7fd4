/* Generated from schemas/artifacts/mdm-enrollment.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * MDM enrollment of one device (GET /api/v1/devices).
 */
export interface MdmEnrollmentRecord {
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
  mdmEnabled: boolean | null;
  agentInstalled: boolean | null;
  /**
   * True on platforms the Iru agent runs on (Mac, Windows); elsewhere the agent is not a criterion.
   */
  agentRequired: boolean;
  firstEnrollment: string | null;
  lastEnrollment: string | null;
  isRemoved: boolean;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: mdm_disabled, agent_not_installed. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: device_removed.
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
