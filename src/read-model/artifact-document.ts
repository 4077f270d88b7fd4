import { canonicalWithRecords, readArtifact, type Artifact } from '../evidence/index.js';
import type { EvidenceStore, StoredArtifact } from '../store/index.js';
import type { EvidenceVersion } from './artifact-envelope.js';
import { NotFoundError } from './errors.js';

/** A stored Artifact version and its parsed document. */
export interface LoadedArtifact {
  stored: StoredArtifact;
  artifact: Artifact;
}

/** A published Artifact version as stored: its envelope, never its records. */
export async function publishedArtifact(store: EvidenceStore, id: string): Promise<StoredArtifact> {
  const stored = await store.getArtifact(id);
  if (!stored || !stored.published) throw new NotFoundError(`No published Artifact ${id}`);
  return stored;
}

/** The whole Artifact, every record in memory: only for views that need it whole (re-verifying its hashes). */
export async function loadArtifact(store: EvidenceStore, id: string): Promise<LoadedArtifact> {
  const stored = await publishedArtifact(store, id);
  return { stored, artifact: await readArtifact(store, stored) };
}

/** A listed version's document (the bytes its file holds and is hashed over), a chunk at a time, from its parsed envelope. */
export function versionDocumentChunks(store: Pick<EvidenceStore, 'artifactRecords'>, version: Pick<EvidenceVersion, 'id' | 'envelope'>): AsyncIterable<string> {
  return canonicalWithRecords(version.envelope, store.artifactRecords(version.id));
}
