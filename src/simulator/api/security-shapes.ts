/** EDR threats and vulnerability detections in API shape. */

import { isoNoOffset, parseMicros, spacedNoOffset } from '../fleet/time.js';
import type { Fleet, SimThreat, SimVulnDetection } from '../fleet/types.js';

type Doc = Record<string, unknown>;

/** `2023-04-21T17:23:13.883134` (UTC, no offset), or "" when absent. */
function threatDate(instant: string | null): string {
  return instant === null ? '' : isoNoOffset(parseMicros(instant));
}

export function threatDoc(fleet: Fleet, threat: SimThreat): Doc {
  const device = fleet.device(threat.deviceIndex);
  return {
    threat_name: threat.threatName,
    classification: threat.classification,
    status: threat.status,
    process_name: threat.processName,
    process_owner: threat.processOwner,
    device_name: device.name,
    device_id: device.id,
    detection_date: threatDate(threat.detectedAt),
    date_of_quarantine: threatDate(threat.quarantinedAt),
    date_of_release: threatDate(threat.releasedAt),
    released_by: threat.releasedAt ? `admin@${fleet.spec.tenant}.io` : '',
    release_note: threat.releasedAt ? 'False positive confirmed by IT' : '',
    file_path: threat.filePath,
    file_hash: threat.fileHash,
    bundle_path: threat.filePath.endsWith('.app') ? threat.filePath : '',
    device_serial_number: device.serialNumber,
    blueprint_id: device.blueprintId,
    blueprint_name: device.blueprintName,
    library_item_name: threat.libraryItemName,
    library_item_id: threat.libraryItemId,
    pup_posture: 'protect',
    malware_posture: 'protect',
  };
}

export function vulnerabilityDetectionDoc(fleet: Fleet, detection: SimVulnDetection): Doc {
  const device = fleet.device(detection.deviceIndex);
  return {
    device_id: device.id,
    device_name: device.name,
    device_serial_number: device.serialNumber,
    device_model: device.model,
    device_os_version: device.osVersion,
    blueprint_id: device.blueprintId,
    blueprint_name: device.blueprintName,
    name: detection.softwareName,
    version: detection.version,
    path: detection.path,
    bundle_id: detection.bundleId,
    cve_id: detection.cveId,
    cve_description: detection.cveDescription,
    cve_link: `https://nvd.nist.gov/vuln/detail/${detection.cveId}`,
    cvss_score: detection.cvssScore,
    cvss_severity: detection.severity,
    first_detection_date: spacedNoOffset(parseMicros(detection.firstDetectedAt)),
    latest_detection_date: spacedNoOffset(parseMicros(detection.latestDetectedAt)),
  };
}
