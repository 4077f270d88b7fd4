/* Generated from schemas/artifacts/library-item-compliance.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The status of one library item on one device (GET /api/v1/library/library-items/{id}/status, item names from the Blueprints' library item lists).
 */
export interface LibraryItemComplianceRecord {
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
  libraryItemId: string;
  libraryItemName: string | null;
  blueprintId: string | null;
  /**
   * As Iru reports it: PASS, ERROR, PENDING, INSTALLING, EXCLUDED, INCOMPATIBLE, AVAILABLE, success, failed, pending, ...
   */
  status: string;
  reportedAt: string | null;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: status_<status> (ERROR, failed, WARNING). not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: status_<status> (EXCLUDED, INCOMPATIBLE, AVAILABLE: not required on this device).
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
