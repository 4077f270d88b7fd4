import type { Artifact } from '../evidence/index.js';
import type { StoredArtifact } from '../store/index.js';
import { writeArtifactFiles, type Manifest } from './artifact-files.js';
import { artifactCsv } from './csv-export.js';

/** One `<type>.csv` per current Artifact (its records, flattened) and manifest.json, as the JSON export does. */
export function exportCsv(artifacts: StoredArtifact[], connectionName: string, outDir: string, now = new Date()): Manifest {
  return writeArtifactFiles(
    artifacts,
    connectionName,
    outDir,
    { extension: 'csv', bytesOf: (a) => artifactCsv((JSON.parse(a.document) as Artifact).records as Record<string, unknown>[]) },
    now,
  );
}
