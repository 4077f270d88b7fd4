import type { ArtifactDefinition } from '../artifact-definition.js';
import { Counter } from '../counts.js';
import { fail, notEvaluable, pass, type Evaluation } from '../evaluation.js';
import { deviceIdentities, identityOf } from '../devices.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { ThreatDetectionsRecord } from '../types/threat-detections.generated.js';

/**
 * Threat statuses as the API spells them (upper case). Quarantined and resolved threats are contained; released ones
 * were reviewed by an admin and let go on purpose. Any other spelling is unknown_value, never judged.
 */
const STATUS_RESULTS: Readonly<Record<string, Evaluation>> = {
  QUARANTINED: pass(),
  RESOLVED: pass(),
  RELEASED: pass(),
  NOT_QUARANTINED: fail(['status_not_quarantined']),
};

function evaluate(status: string | null): Evaluation {
  if (!status) return notEvaluable('missing_data');
  return Object.hasOwn(STATUS_RESULTS, status) ? STATUS_RESULTS[status]! : notEvaluable('unknown_value');
}

export const threatDetections: ArtifactDefinition = {
  type: 'threat-detections',
  title: 'EDR threat detections',
  description:
    'Every malware and potentially unwanted program Iru EDR detected: quarantined, resolved or released by an admin passes; a threat left not ' +
    'quarantined fails; a status this collector does not know is not evaluable (unknown_value), kept as sent.',
  sources: ['threats'],
  optionalSources: ['devices'],
  async build(context) {
    const identities = await deviceIdentities(context);
    const records = new EvaluatedRecords<ThreatDetectionsRecord>(
      context,
      byKeys((r) => [r.detectedAt, r.deviceId, r.threatName, r.fileHash, r.status]),
    );
    const counts = new Counter();
    for await (const row of rowsOf(context, 'threats')) {
      const detectedAt = normalizeTimestamp(row.detection_date);
      const status = row.status || null;
      await records.add(
        {
          deviceId: row.device_id || null,
          ...identityOf(identities, row.device_id),
          threatName: row.threat_name || null,
          classification: row.classification || null,
          status,
          detectedAt,
          quarantinedAt: normalizeTimestamp(row.date_of_quarantine),
          releasedAt: normalizeTimestamp(row.date_of_release),
          fileHash: row.file_hash || null,
          ...evaluate(status),
        },
        detectedAt,
      );
      counts.add(`classification:${row.classification || 'unknown'}`);
    }
    return records.build({
      subjects: 'threat detections',
      counts: counts.toRecord(),
    });
  },
};
