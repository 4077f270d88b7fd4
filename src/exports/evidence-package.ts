import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { versionDocumentChunks } from '../read-model/artifact-document.js';
import { periodEvidence, type ExportScope } from '../read-model/period-evidence.js';
import type { EvidenceStore } from '../store/index.js';
import type { ManifestEntry } from './artifact-files.js';
import { artifactPath, OSCAL_PATH, runPath } from './evidence-paths.js';
import { hashed, type Chunks } from './hashed-stream.js';
import type { EvidenceFile } from './oscal/assessment-results.js';
import { assessmentResults } from './oscal/oscal-export.js';
import { renderPackageIndex, type IndexedFile } from './package-index.js';
import { safeFileName } from './safe-file-name.js';

export const PACKAGE_FORMAT = 'iru-evidence-package/1';

export type PackageFile =
  | (ManifestEntry & { kind: 'artifact'; connection: string; expiresAt: string })
  | { kind: 'run' | 'oscal' | 'index'; file: string; sha256: string; runId?: string };

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  framework: { id: string; name: string; version: string };
  period: { from: string; to: string };
  connection: string | null;
  exportedAt: string;
  /** Every file of the package but this manifest, with the SHA-256 of its bytes. */
  files: PackageFile[];
}

export interface EvidencePackage {
  fileName: string;
  /** The ZIP bytes, produced as they are read: Artifact documents are streamed from the store, never held whole. */
  stream: Readable;
  /** The manifest, once the stream has been read to its end. */
  manifest: Promise<PackageManifest>;
}

export function packageFileName(scope: ExportScope): string {
  const who = scope.connection ? `-${safeFileName(scope.connection.name)}` : '';
  return `evidence-${safeFileName(scope.framework.id)}${who}-${scope.period.from}-${scope.period.to}.zip`;
}

/**
 * The evidence package for a framework and a period: every Artifact version valid in the period (the stored
 * document, byte for byte as hashed), the run records, OSCAL Assessment Results, an offline index.html and manifest.json.
 */
export async function evidencePackage(store: EvidenceStore, scope: ExportScope, now: Date): Promise<EvidencePackage> {
  const evidence = await periodEvidence(store, scope, now);
  const names = new Map(evidence.connections.map((c) => [c.id, c.name]));
  const zip = new ZipFile();
  const files: PackageFile[] = [];
  const evidenceFiles = new Map<string, EvidenceFile>();
  const options = { mtime: now };

  // Each file is streamed into the ZIP when its turn comes and hashed on the way; its manifest entry is made once
  // its last byte has passed, so later entries (OSCAL, index.html, the manifest itself) see every earlier hash.
  const add = (file: string, chunks: () => Chunks, describe: (sha256: string) => PackageFile) => {
    zip.addReadStreamLazy(file, options, (callback) => {
      const stream = Readable.from(hashed(chunks(), (sha256) => files.push(describe(sha256))));
      stream.on('error', (error: Error) => zip.emit('error', error));
      callback(null, stream);
    });
  };

  for (const version of evidence.versions) {
    const connection = names.get(version.connectionId) ?? version.connectionId;
    const file = artifactPath(connection, version);
    add(
      file,
      () => versionDocumentChunks(store, version),
      (sha256) => {
        evidenceFiles.set(version.id, { path: file, sha256 });
        return {
          kind: 'artifact',
          file,
          type: version.type,
          artifactId: version.id,
          sha256,
          contentSha256: version.contentSha256,
          records: version.recordCount,
          collectedAt: version.collectedAt,
          expiresAt: version.expiresAt,
          connection,
        };
      },
    );
  }
  for (const run of evidence.runs) {
    add(
      runPath(run),
      () => [`${JSON.stringify(run, null, 2)}\n`],
      (sha256) => ({ kind: 'run', file: runPath(run), sha256, runId: run.id }),
    );
  }
  add(
    OSCAL_PATH,
    () => assessmentResults(store, evidence, now, evidenceFiles),
    (sha256) => ({ kind: 'oscal', file: OSCAL_PATH, sha256 }),
  );
  add(
    'index.html',
    () => [renderPackageIndex(evidence, files as IndexedFile[], now)],
    (sha256) => ({ kind: 'index', file: 'index.html', sha256 }),
  );

  let resolveManifest!: (m: PackageManifest) => void;
  let rejectManifest!: (e: unknown) => void;
  const manifest = new Promise<PackageManifest>((resolve, reject) => {
    resolveManifest = resolve;
    rejectManifest = reject;
  });
  manifest.catch(() => {});
  zip.addReadStreamLazy('manifest.json', options, (callback) => {
    const value: PackageManifest = {
      format: PACKAGE_FORMAT,
      framework: { id: scope.framework.id, name: scope.framework.name, version: scope.framework.version },
      period: { from: scope.period.from, to: scope.period.to },
      connection: scope.connection?.name ?? null,
      exportedAt: now.toISOString(),
      files,
    };
    resolveManifest(value);
    callback(null, Readable.from([Buffer.from(`${JSON.stringify(value, null, 2)}\n`)]));
  });
  zip.end();

  const stream = zip.outputStream as Readable;
  zip.on('error', (error: Error) => {
    rejectManifest(error);
    stream.destroy(error);
  });
  return { fileName: packageFileName(scope), stream, manifest };
}
