import type { Artifact } from '../../evidence/index.js';
import type { EvidenceStore, StoredArtifact } from '../../store/index.js';
import { NotFoundError } from './errors.js';

/** A stored Artifact version and its parsed document. */
export interface LoadedArtifact {
  stored: StoredArtifact;
  artifact: Artifact;
}

export async function loadArtifact(store: EvidenceStore, id: string): Promise<LoadedArtifact> {
  const stored = await store.getArtifact(id);
  if (!stored || !stored.published) throw new NotFoundError(`No published Artifact ${id}`);
  return { stored, artifact: JSON.parse(stored.document) as Artifact };
}
