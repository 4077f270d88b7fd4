import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { artifactRecordObjects } from '../evidence/index.js';
import { flatColumns, flattenRecord } from '../read-model/flatten-record.js';
import { inSchemaOrder } from '../read-model/record-fields.js';
import { filterRecords, type RecordFilter } from '../read-model/record-filter.js';
import type { EvidenceStore, StoredArtifact } from '../store/index.js';

type Records = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

// A spreadsheet runs a cell that starts like a formula; evidence such as a device name must stay text (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

function safeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

async function* csvRows(columns: string[], records: Records): AsyncIterable<string[]> {
  for await (const record of records) {
    const flat = flattenRecord(record);
    yield columns.map((column) => safeCell(flat[column] ?? ''));
  }
}

/** Records as CSV under the given columns (a header row, then one row per record, nested fields flattened), streamed. */
export function recordsCsv(columns: string[], records: Records): Readable {
  const output = stringify({ header: true, columns: columns.map((c) => safeCell(c)) });
  // A failing read fails the output too, rather than leaving it open.
  pipeline(Readable.from(csvRows(columns, records)), output, () => {});
  return output;
}

/**
 * A stored Artifact's records as CSV, a chunk at a time, in two passes over the store: the first finds the columns
 * (every flattened field of every record, in the type's schema order, so a filter does not change them), the second
 * writes the rows of the records that pass `filter` (all without one). No more than one record is held.
 */
export async function* artifactCsvChunks(
  store: Pick<EvidenceStore, 'artifactRecords'>,
  artifact: Pick<StoredArtifact, 'id' | 'type'>,
  filter: RecordFilter = { q: '' },
): AsyncIterable<string | Buffer> {
  const records = () => inSchemaOrder(artifact.type, artifactRecordObjects(store, artifact.id));
  const columns = await flatColumns(records());
  yield* recordsCsv(columns, filterRecords(records(), filter)) as AsyncIterable<string | Buffer>;
}
