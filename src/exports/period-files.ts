import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { periodEvidence, type ExportScope } from '../read-model/period-evidence.js';
import type { EvidenceStore } from '../store/index.js';
import { evidencePackage, type PackageManifest } from './evidence-package.js';
import { writeAtomically } from './hashed-stream.js';
import { assessmentResults } from './oscal/oscal-export.js';
import { safeFileName } from './safe-file-name.js';

export interface WrittenExport {
  file: string;
  artifacts: number;
  manifest?: PackageManifest;
}

/** The evidence package as one ZIP file in `outDir`, written under a temporary name and renamed when complete. */
export async function writePackageFile(store: EvidenceStore, scope: ExportScope, outDir: string, now: Date): Promise<WrittenExport> {
  mkdirSync(outDir, { recursive: true });
  const pkg = await evidencePackage(store, scope, now);
  const file = path.join(outDir, pkg.fileName);
  await writeAtomically(file, pkg.stream);
  const manifest = await pkg.manifest;
  return { file, artifacts: manifest.files.filter((f) => f.kind === 'artifact').length, manifest };
}

export function oscalFileName(scope: ExportScope): string {
  const who = scope.connection ? `-${safeFileName(scope.connection.name)}` : '';
  return `assessment-results-${safeFileName(scope.framework.id)}${who}-${scope.period.from}-${scope.period.to}.json`;
}

export async function writeOscalFile(store: EvidenceStore, scope: ExportScope, outDir: string, now: Date): Promise<WrittenExport> {
  mkdirSync(outDir, { recursive: true });
  const evidence = await periodEvidence(store, scope, now);
  const file = path.join(outDir, oscalFileName(scope));
  await writeAtomically(file, assessmentResults(store, evidence, now));
  return { file, artifacts: evidence.versions.length };
}
