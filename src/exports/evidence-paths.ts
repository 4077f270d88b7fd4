import type { EvidenceVersion } from '../read-model/artifact-envelope.js';
import type { RunRecord } from '../store/index.js';
import { safeFileName } from './safe-file-name.js';

/** Where an Artifact version lives in an evidence package; OSCAL exports name the same paths. */
export function artifactPath(connectionName: string, version: Pick<EvidenceVersion, 'type' | 'id'>): string {
  return `artifacts/${safeFileName(connectionName)}/${safeFileName(version.type)}/${safeFileName(version.id)}.json`;
}

export function runPath(run: Pick<RunRecord, 'id'>): string {
  return `runs/${safeFileName(run.id)}.json`;
}

export const OSCAL_PATH = 'oscal/assessment-results.json';
