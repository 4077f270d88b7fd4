/* Generated from schemas/artifacts/threat-detections.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One EDR threat detection (GET /api/v1/threat-details).
 */
export interface ThreatDetectionsRecord {
  deviceId: string | null;
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
  threatName: string | null;
  /**
   * malware or pup.
   */
  classification: string | null;
  /**
   * As Iru sends it: QUARANTINED, NOT_QUARANTINED, RELEASED or RESOLVED; any other value is kept and not judged (unknown_value).
   */
  status: string | null;
  detectedAt: string | null;
  quarantinedAt: string | null;
  releasedAt: string | null;
  fileHash: string | null;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: status_not_quarantined. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: none.
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
