import type { EvidenceStore, StoredArtifact } from '../store/index.js';
import { writeArtifactFiles, type Manifest } from './artifact-files.js';
import { artifactCsvChunks } from './csv-export.js';

/** One `<type>.csv` per current Artifact (its records, flattened, streamed from the store) and manifest.json, as the JSON export does. */
export function exportCsv(
  store: Pick<EvidenceStore, 'artifactRecords'>,
  artifacts: StoredArtifact[],
  connectionName: string,
  outDir: string,
  now = new Date(),
): Promise<Manifest> {
  return writeArtifactFiles(artifacts, connectionName, outDir, { extension: 'csv', chunksOf: (a) => artifactCsvChunks(store, a) }, now);
}
