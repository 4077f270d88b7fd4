import { artifactRecordObjects } from '../../evidence/index.js';
import { versionDocumentChunks } from '../../read-model/artifact-document.js';
import type { PeriodEvidence } from '../../read-model/period-evidence.js';
import type { EvidenceStore } from '../../store/index.js';
import { artifactPath } from '../evidence-paths.js';
import { sha256Of } from '../hashed-stream.js';
import { addSubjects, buildAssessmentResults, type EvidenceFile, type Subjects } from './assessment-results.js';

/**
 * OSCAL Assessment Results for the evidence of a period. Files default to the package paths, hashed by streaming the
 * stored documents (the bytes the evidence package and the JSON export write).
 */
export async function assessmentResults(store: EvidenceStore, evidence: PeriodEvidence, now: Date, files?: Map<string, EvidenceFile>): Promise<Buffer> {
  const names = new Map(evidence.connections.map((c) => [c.id, c.name]));
  const latestIds = new Set(evidence.latest.map((v) => v.id));
  const knownFiles = files ?? new Map<string, EvidenceFile>();
  const subjects: Subjects = { inventory: new Map(), references: new Map() };
  // Records are read one at a time: only the subjects of the newest versions are kept.
  for (const version of evidence.versions) {
    if (!knownFiles.has(version.id)) {
      knownFiles.set(version.id, {
        path: artifactPath(names.get(version.connectionId) ?? version.connectionId, version),
        sha256: await sha256Of(versionDocumentChunks(store, version)),
      });
    }
    if (latestIds.has(version.id)) await addSubjects(subjects, version, artifactRecordObjects(store, version.id));
  }
  const document = buildAssessmentResults({ evidence, files: knownFiles, subjects, now });
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}
