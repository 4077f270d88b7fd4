import { artifactRecordObjects } from '../evidence/index.js';
import { inSchemaOrder } from '../read-model/record-fields.js';
import { filterRecords, type RecordFilter } from '../read-model/record-filter.js';
import type { EvidenceStore, StoredArtifact } from '../store/index.js';

/**
 * The records of a stored Artifact that pass `filter`, as one JSON object `{ artifactId, type, filter, records }`, a
 * record at a time in the type's schema order. A selection for reading, not the hashed document (that is
 * `artifactDocumentChunks`).
 */
export async function* artifactRecordsJsonChunks(
  store: Pick<EvidenceStore, 'artifactRecords'>,
  artifact: Pick<StoredArtifact, 'id' | 'type'>,
  filter: RecordFilter,
): AsyncIterable<string> {
  yield `{"artifactId":${JSON.stringify(artifact.id)},"type":${JSON.stringify(artifact.type)},"filter":${JSON.stringify({ q: filter.q, result: filter.result ?? null })},"records":[`;
  let first = true;
  for await (const record of filterRecords(inSchemaOrder(artifact.type, artifactRecordObjects(store, artifact.id)), filter)) {
    yield `${first ? '' : ','}\n${JSON.stringify(record)}`;
    first = false;
  }
  yield '\n]}\n';
}
