import { canonicalJson, type Artifact } from '../../src/evidence/index.js';
import type { EvidenceStore, StoredArtifact } from '../../src/store/types.js';

/** Stores a whole in-memory Artifact (records in its own order, under their index as sort key), unpublished. */
export async function putArtifactDocument(store: EvidenceStore, artifact: Artifact): Promise<Omit<StoredArtifact, 'published'>> {
  const { records, ...envelope } = artifact;
  await store.putArtifactRecords(
    artifact.id,
    records.map((record, index) => ({ sortKey: String(index).padStart(12, '0'), tie: '', body: canonicalJson(record) })),
  );
  const stored = {
    id: artifact.id,
    connectionId: artifact.connectionId,
    runId: artifact.runId,
    type: artifact.type,
    collectedAt: artifact.collectedAt,
    sha256: artifact.sha256,
    contentSha256: artifact.contentSha256,
    recordCount: records.length,
    envelope: canonicalJson(envelope),
  };
  await store.putArtifact(stored);
  return stored;
}
