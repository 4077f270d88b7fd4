import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StoredArtifact } from '../store/index.js';
import { safeFileName } from './read-model/safe-file-name.js';

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

export function fileSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One file per Artifact (`<type>.<extension>`, bytes from `bytesOf`) and manifest.json listing each with its hash. */
export function writeArtifactFiles(
  artifacts: StoredArtifact[],
  connectionName: string,
  outDir: string,
  format: { extension: string; bytesOf(artifact: StoredArtifact): Buffer },
  now = new Date(),
): Manifest {
  mkdirSync(outDir, { recursive: true });
  const files: ManifestEntry[] = [];
  for (const artifact of artifacts) {
    // The type names the file: made safe, so that no stored value can write outside `outDir`.
    const file = `${safeFileName(artifact.type)}.${format.extension}`;
    const bytes = format.bytesOf(artifact);
    writeAtomically(path.join(outDir, file), bytes);
    files.push({
      file,
      type: artifact.type,
      artifactId: artifact.id,
      sha256: fileSha256(bytes),
      contentSha256: artifact.contentSha256,
      records: artifact.recordCount,
      collectedAt: artifact.collectedAt,
    });
  }
  const manifest: Manifest = { connection: connectionName, exportedAt: now.toISOString(), files };
  writeAtomically(path.join(outDir, 'manifest.json'), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return manifest;
}

export function writeAtomically(file: string, bytes: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}
