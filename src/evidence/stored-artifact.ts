import type { EvidenceStore, StoredArtifact } from '../store/types.js';
import { canonicalWithRecords, sha256sWithRecords, type ArtifactEnvelope } from './artifact-document.js';
import { canonicalJson } from './canonical-hash.js';
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

/** Each stored record re-serialised as canonical JSON, one at a time (what hashing the parsed document would see). */
async function* canonicalRecords(store: RecordReader, artifactId: string): AsyncIterable<string> {
  for await (const body of store.artifactRecords(artifactId)) yield canonicalJson(JSON.parse(body));
}

/**
 * Recomputes both hashes of a stored Artifact (as verifyArtifact does on the parsed document) with its records read
 * from the store once, a record at a time, never the whole document; each must also equal the store's own column.
 */
export async function verifyStoredArtifact(
  store: RecordReader,
  stored: Pick<StoredArtifact, 'id' | 'envelope' | 'sha256' | 'contentSha256'>,
): Promise<{ sha256: boolean; contentSha256: boolean }> {
  const envelope = JSON.parse(stored.envelope) as ArtifactEnvelope;
  const { id: _id, sha256: _sha, ...document } = envelope;
  const { type, schemaVersion, controls, summary } = envelope;
  const [documentSha, contentSha] = await sha256sWithRecords([document, { type, schemaVersion, controls, summary }], canonicalRecords(store, stored.id));
  return {
    sha256: documentSha === envelope.sha256 && stored.sha256 === envelope.sha256,
    contentSha256: contentSha === envelope.contentSha256 && stored.contentSha256 === envelope.contentSha256,
  };
}
