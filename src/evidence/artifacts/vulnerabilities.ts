import type { ArtifactDefinition } from '../artifact-definition.js';
import { Counter } from '../counts.js';
import { deviceIdentities, identityOf } from '../devices.js';
import { RecordedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { VulnerabilitiesRecord } from '../types/vulnerabilities.generated.js';

function score(value: number | string | null | undefined): number | null {
  const n = typeof value === 'string' ? Number.parseFloat(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

export const vulnerabilities: ArtifactDefinition = {
  type: 'vulnerabilities',
  title: 'Vulnerability detections',
  description:
    'Every open vulnerability detection Iru Vulnerability Management reports: the CVE, its severity and CVSS score, the application and version ' +
    'it was found in, the device, and when it was first and last detected.',
  sources: ['vulnerability-detections'],
  optionalSources: ['devices'],
  async build(context) {
    const identities = await deviceIdentities(context);
    const records = new RecordedRecords<VulnerabilitiesRecord>(
      context,
      byKeys((r) => [r.deviceId, r.cveId, r.bundleId, r.software, r.version]),
    );
    const counts = new Counter();
    const devices = new Set<string>();
    const cves = new Set<string>();
    for await (const row of rowsOf(context, 'vulnerability-detections')) {
      const latestDetectedAt = normalizeTimestamp(row.latest_detection_date);
      await records.add(
        {
          deviceId: row.device_id,
          ...identityOf(identities, row.device_id),
          cveId: row.cve_id,
          severity: row.cvss_severity || null,
          cvssScore: score(row.cvss_score),
          software: row.name || null,
          version: row.version || null,
          bundleId: row.bundle_id || null,
          firstDetectedAt: normalizeTimestamp(row.first_detection_date),
          latestDetectedAt,
        },
        latestDetectedAt,
      );
      counts.add(`severity:${row.cvss_severity || 'unknown'}`);
      devices.add(row.device_id);
      cves.add(row.cve_id);
    }
    return records.build('detections', {
      detections: records.length,
      devices: devices.size,
      cves: cves.size,
      ...counts.toRecord(),
    });
  },
};
