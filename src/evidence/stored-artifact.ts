import type { EvidenceStore, StoredArtifact } from '../store/types.js';
import { canonicalWithRecords } from './artifact-document.js';
import type { Artifact } from './types/artifact.generated.js';

type RecordReader = Pick<EvidenceStore, 'artifactRecords'>;

/** A stored Artifact's document (canonical JSON, exactly as hashed), a chunk at a time: envelope and records never held whole. */
export function artifactDocumentChunks(store: RecordReader, stored: Pick<StoredArtifact, 'id' | 'envelope'>): AsyncIterable<string> {
  return canonicalWithRecords(JSON.parse(stored.envelope) as object, store.artifactRecords(stored.id));
}

/** The whole document as one string: for Artifacts known to be small (tests, single-document views). */
export async function readArtifactDocument(store: RecordReader, stored: Pick<StoredArtifact, 'id' | 'envelope'>): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of artifactDocumentChunks(store, stored)) chunks.push(chunk);
  return chunks.join('');
}

export async function readArtifact(store: RecordReader, stored: Pick<StoredArtifact, 'id' | 'envelope'>): Promise<Artifact> {
  return JSON.parse(await readArtifactDocument(store, stored)) as Artifact;
}

/** A stored Artifact's records, parsed one at a time. */
export async function* artifactRecordObjects(store: RecordReader, artifactId: string): AsyncIterable<Record<string, unknown>> {
  for await (const body of store.artifactRecords(artifactId)) yield JSON.parse(body) as Record<string, unknown>;
}
