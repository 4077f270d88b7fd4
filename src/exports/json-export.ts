import type { StoredArtifact } from '../store/index.js';
import { writeArtifactFiles, type Manifest } from './artifact-files.js';

export type { Manifest, ManifestEntry } from './artifact-files.js';

/** One file per current Artifact (`<type>.json`, the document exactly as stored and hashed) and manifest.json. */
export function exportJson(artifacts: StoredArtifact[], connectionName: string, outDir: string, now = new Date()): Manifest {
  return writeArtifactFiles(artifacts, connectionName, outDir, { extension: 'json', bytesOf: (a) => Buffer.from(a.document, 'utf8') }, now);
}
