import type { ArtifactEnvelope } from '../evidence/index.js';
import type { ArtifactVersion, ArtifactVersionFilter, EvidenceStore } from '../store/index.js';

/** An Artifact document without its records: everything needed to list, date and judge it. */
export type { ArtifactEnvelope };

/** A published Artifact version with its parsed envelope. */
export type EvidenceVersion = Omit<ArtifactVersion, 'envelope'> & { envelope: ArtifactEnvelope };

export async function readVersions(store: EvidenceStore, filter: ArtifactVersionFilter): Promise<EvidenceVersion[]> {
  const versions = await store.listArtifactVersions(filter);
  return versions.map((v) => ({ ...v, envelope: JSON.parse(v.envelope) as ArtifactEnvelope }));
}

/** The newest version of each connection and type among `versions`. */
export function latestPerConnectionAndType(versions: EvidenceVersion[]): EvidenceVersion[] {
  const latest = new Map<string, EvidenceVersion>();
  for (const v of versions) {
    const key = `${v.connectionId}\u0000${v.type}`;
    const seen = latest.get(key);
    if (!seen || v.publishedSeq > seen.publishedSeq) latest.set(key, v);
  }
  return [...latest.values()];
}
