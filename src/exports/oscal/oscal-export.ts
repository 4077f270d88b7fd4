import { artifactRecordObjects } from '../../evidence/index.js';
import { versionDocumentChunks } from '../../read-model/artifact-document.js';
import type { PeriodEvidence } from '../../read-model/period-evidence.js';
import type { EvidenceStore } from '../../store/index.js';
import { artifactPath } from '../evidence-paths.js';
import { sha256Of } from '../hashed-stream.js';
import { jsonChunks } from '../streamed-json.js';
import { buildAssessmentResults, type EvidenceFile } from './assessment-results.js';

/**
 * OSCAL Assessment Results for the evidence of a period, as JSON text a chunk at a time: records are read from the
 * store one at a time as the document is written, so memory does not grow with the number of devices. Files default
 * to the package paths, hashed by streaming the stored documents (the bytes the evidence package and the JSON export write).
 */
export function assessmentResults(store: EvidenceStore, evidence: PeriodEvidence, now: Date, files?: Map<string, EvidenceFile>): AsyncIterable<string> {
  const names = new Map(evidence.connections.map((c) => [c.id, c.name]));
  const document = buildAssessmentResults({
    evidence,
    now,
    records: (version) => artifactRecordObjects(store, version.id),
    file: async (version) =>
      files?.get(version.id) ?? {
        path: artifactPath(names.get(version.connectionId) ?? version.connectionId, version),
        sha256: await sha256Of(versionDocumentChunks(store, version)),
      },
  });
  return jsonChunks(document);
}
