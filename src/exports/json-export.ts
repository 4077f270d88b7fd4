import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { StoredArtifact } from '../store/index.js';

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

/** One file per current Artifact (`<type>.json`, the document exactly as stored and hashed) and manifest.json. */
export function exportJson(artifacts: StoredArtifact[], connectionName: string, outDir: string, now = new Date()): Manifest {
  mkdirSync(outDir, { recursive: true });
  const files: ManifestEntry[] = [];
  for (const artifact of artifacts) {
    const file = `${artifact.type}.json`;
    const bytes = Buffer.from(artifact.document, 'utf8');
    writeAtomically(path.join(outDir, file), bytes);
    files.push({
      file,
      type: artifact.type,
      artifactId: artifact.id,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentSha256: artifact.contentSha256,
      records: artifact.recordCount,
      collectedAt: artifact.collectedAt,
    });
  }
  const manifest: Manifest = { connection: connectionName, exportedAt: now.toISOString(), files };
  writeAtomically(path.join(outDir, 'manifest.json'), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return manifest;
}

function writeAtomically(file: string, bytes: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}
