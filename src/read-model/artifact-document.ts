import { canonicalWithRecords } from '../evidence/index.js';
import type { EvidenceStore, StoredArtifact } from '../store/index.js';
import type { EvidenceVersion } from './artifact-envelope.js';
import { NotFoundError } from './errors.js';

/** A published Artifact version as stored: its envelope, never its records. */
export async function publishedArtifact(store: EvidenceStore, id: string): Promise<StoredArtifact> {
  const stored = await store.getArtifact(id);
  if (!stored || !stored.published) throw new NotFoundError(`No published Artifact ${id}`);
  return stored;
}

/** A listed version's document (the bytes its file holds and is hashed over), a chunk at a time, from its parsed envelope. */
export function versionDocumentChunks(store: Pick<EvidenceStore, 'artifactRecords'>, version: Pick<EvidenceVersion, 'id' | 'envelope'>): AsyncIterable<string> {
  return canonicalWithRecords(version.envelope, store.artifactRecords(version.id));
}
