import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StoredArtifact } from '../store/index.js';
import { writeAtomically, writeHashedFile, type Chunks } from './hashed-stream.js';
import { safeFileName } from './safe-file-name.js';

export interface ManifestEntry {
  file: string;
  type: string;
  artifactId: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
  contentSha256: string;
  records: number;
  collectedAt: string;
}

export interface Manifest {
  connection: string;
  exportedAt: string;
  files: ManifestEntry[];
}

/**
 * One file per Artifact (`<type>.<extension>`, streamed from `chunksOf`, hashed as it is written) and manifest.json
 * listing each with its hash. One Artifact is written at a time.
 */
export async function writeArtifactFiles(
  artifacts: StoredArtifact[],
  connectionName: string,
  outDir: string,
  format: { extension: string; chunksOf(artifact: StoredArtifact): Chunks },
  now = new Date(),
): Promise<Manifest> {
  mkdirSync(outDir, { recursive: true });
  const files: ManifestEntry[] = [];
  for (const artifact of artifacts) {
    // The type names the file: made safe, so that no stored value can write outside `outDir`.
    const file = `${safeFileName(artifact.type)}.${format.extension}`;
    const sha256 = await writeHashedFile(path.join(outDir, file), format.chunksOf(artifact));
    files.push({
      file,
      type: artifact.type,
      artifactId: artifact.id,
      sha256,
      contentSha256: artifact.contentSha256,
      records: artifact.recordCount,
      collectedAt: artifact.collectedAt,
    });
  }
  const manifest: Manifest = { connection: connectionName, exportedAt: now.toISOString(), files };
  await writeAtomically(path.join(outDir, 'manifest.json'), [`${JSON.stringify(manifest, null, 2)}\n`]);
  return manifest;
}
