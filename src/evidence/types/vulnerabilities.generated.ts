/* Generated from schemas/artifacts/vulnerabilities.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One vulnerability detection: a CVE in one application on one device (GET /api/v1/vulnerability-management/detections).
 */
export interface VulnerabilitiesRecord {
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
  cveId: string;
  severity: string | null;
  cvssScore: number | null;
  /**
   * Application name.
   */
  software: string | null;
  version: string | null;
  bundleId: string | null;
  firstDetectedAt: string | null;
  latestDetectedAt: string | null;
}
