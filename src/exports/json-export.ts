import { artifactDocumentChunks } from '../evidence/index.js';
import type { EvidenceStore, StoredArtifact } from '../store/index.js';
import { writeArtifactFiles, type Manifest } from './artifact-files.js';

export type { Manifest, ManifestEntry } from './artifact-files.js';

/** One file per current Artifact (`<type>.json`, the canonical document as hashed, streamed from the store) and manifest.json. */
export function exportJson(
  store: Pick<EvidenceStore, 'artifactRecords'>,
  artifacts: StoredArtifact[],
  connectionName: string,
  outDir: string,
  now = new Date(),
): Promise<Manifest> {
  return writeArtifactFiles(artifacts, connectionName, outDir, { extension: 'json', chunksOf: (a) => artifactDocumentChunks(store, a) }, now);
}
