import { z } from 'zod';
import { iruTimestamp, nullableString } from './primitives.js';

export const ThreatRow = z.object({
  threat_name: nullableString,
  classification: nullableString,
  status: nullableString,
  device_id: nullableString,
  device_serial_number: nullableString,
  detection_date: iruTimestamp,
  date_of_quarantine: iruTimestamp,
  date_of_release: iruTimestamp,
  file_hash: nullableString,
});
export type ThreatRow = z.infer<typeof ThreatRow>;

export const VulnerabilityDetectionRow = z.object({
  device_id: z.string().min(1),
  device_serial_number: nullableString,
  name: nullableString,
  version: nullableString,
  bundle_id: nullableString,
  cve_id: z.string().min(1),
  cvss_score: z.union([z.number(), z.string()]).nullable().optional(),
  cvss_severity: nullableString,
  first_detection_date: iruTimestamp,
  latest_detection_date: iruTimestamp,
});
export type VulnerabilityDetectionRow = z.infer<typeof VulnerabilityDetectionRow>;
