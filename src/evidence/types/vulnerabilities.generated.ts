/* Generated from schemas/artifacts/vulnerabilities.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One vulnerability detection: a CVE in one application on one device (GET /api/v1/vulnerability-management/detections).
 */
export interface VulnerabilitiesRecord {
  /**
   * The Iru device id.
   */
  deviceId: string;
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
