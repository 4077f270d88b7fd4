import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-hash.js';
import type { Artifact } from './types/artifact.generated.js';

/** An Artifact without its records: what the store keeps as the envelope. */
export type ArtifactEnvelope = Omit<Artifact, 'records'>;

// A string no envelope value can contain unescaped: it marks where the records array goes in the canonical text.
const RECORDS_MARK = '\u0000records\u0000';
const MARK_TEXT = JSON.stringify(RECORDS_MARK);

/**
 * The canonical JSON text of `value` with its `records` spliced in from a stream: RFC 8785 orders keys, so the text
 * before and after the records array is fixed by the rest of the value, and the records (each already canonical
 * JSON) go between, comma-separated. Equal to canonicalJson of the whole value, without ever holding all records.
 */
export async function* canonicalWithRecords(value: object, records: AsyncIterable<string>): AsyncIterable<string> {
  const text = canonicalJson({ ...value, records: RECORDS_MARK });
  const at = text.indexOf(MARK_TEXT);
  yield `${text.slice(0, at)}[`;
  let first = true;
  for await (const record of records) {
    yield first ? record : `,${record}`;
    first = false;
  }
  yield `]${text.slice(at + MARK_TEXT.length)}`;
}

/**
 * SHA-256 of canonicalWithRecords for each of `values`, the records read once for all of them (each record given as
 * canonical JSON text).
 */
export async function sha256sWithRecords(values: object[], records: AsyncIterable<string>): Promise<string[]> {
  const parts = values.map((value) => {
    const text = canonicalJson({ ...value, records: RECORDS_MARK });
    const at = text.indexOf(MARK_TEXT);
    const hash = createHash('sha256').update(`${text.slice(0, at)}[`);
    return { hash, tail: `]${text.slice(at + MARK_TEXT.length)}` };
  });
  let first = true;
  for await (const record of records) {
    const chunk = first ? record : `,${record}`;
    for (const { hash } of parts) hash.update(chunk);
    first = false;
  }
  return parts.map(({ hash, tail }) => hash.update(tail).digest('hex'));
}

/** SHA-256 of canonicalWithRecords, and how many records went in. */
export async function sha256WithRecords(value: object, records: AsyncIterable<string>): Promise<{ sha256: string; records: number }> {
  const hash = createHash('sha256');
  let count = -2; // the head and tail chunks are not records
  for await (const chunk of canonicalWithRecords(value, records)) {
    hash.update(chunk);
    count++;
  }
  return { sha256: hash.digest('hex'), records: count };
}
