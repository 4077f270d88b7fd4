import { createHash } from 'node:crypto';
import { canonicalJson } from '../evidence/index.js';
import { keyFieldCandidates, recordKey } from './record-key.js';

export interface RecordDiff {
  /** The fields whose values identify a record in both versions. */
  keyFields: string[];
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Up to `sampleSize` keys of each kind, sorted. */
  addedKeys: string[];
  removedKeys: string[];
  changedKeys: string[];
}

type Fields = Record<string, unknown>;

/** One version's records in the type's schema field order, read afresh (one at a time) on every call. */
export type RecordSource = () => AsyncIterable<Fields> | Iterable<Fields>;

/**
 * What changed between two versions' records, matched by their identifying fields. The records are streamed: of the
 * earlier version only each key and a digest of the record are kept. Finding the identifying fields reads both
 * versions once more for every candidate that turns out not to be unique (usually none: the subject's id is).
 */
export async function diffRecords(before: RecordSource, after: RecordSource, sampleSize = 200): Promise<RecordDiff> {
  const candidates = keyFieldCandidates((await firstOf(before())) ?? (await firstOf(after())));
  const all = candidates.pop()!;
  for (const keyFields of candidates) {
    const diff = await diffByKey(before, after, keyFields, true, sampleSize);
    if (diff) return diff;
  }
  return (await diffByKey(before, after, all, false, sampleSize))!;
}

/** The diff with these key fields; undefined when `unique` and a key repeats within either version. */
async function diffByKey(before: RecordSource, after: RecordSource, keyFields: string[], unique: boolean, sampleSize: number): Promise<RecordDiff | undefined> {
  const old = new Map<string, string>();
  for await (const record of before()) {
    const key = recordKey(record, keyFields);
    if (unique && old.has(key)) return undefined;
    old.set(key, digest(record));
  }
  const seen = new Set<string>();
  const [added, changed, removed] = [new KeySample(sampleSize), new KeySample(sampleSize), new KeySample(sampleSize)];
  let unchanged = 0;
  for await (const record of after()) {
    const key = recordKey(record, keyFields);
    if (unique) {
      if (seen.has(key)) return undefined;
      seen.add(key);
    }
    const previous = old.get(key);
    if (previous === undefined) added.add(key);
    else if (previous !== digest(record)) changed.add(key);
    else unchanged++;
    old.delete(key);
  }
  for (const key of old.keys()) removed.add(key);
  return {
    keyFields,
    added: added.count,
    removed: removed.count,
    changed: changed.count,
    unchanged,
    addedKeys: added.sorted(),
    removedKeys: removed.sorted(),
    changedKeys: changed.sorted(),
  };
}

async function firstOf(records: AsyncIterable<Fields> | Iterable<Fields>): Promise<Fields | undefined> {
  for await (const record of records) return record;
  return undefined;
}

/** A short digest of a record's canonical JSON: equal records, equal digests. */
function digest(record: Fields): string {
  return createHash('sha256').update(canonicalJson(record)).digest().toString('base64', 0, 18);
}

/** Counts keys and keeps the `size` smallest (in sort order), never many more. */
class KeySample {
  count = 0;
  private keys: string[] = [];

  constructor(private readonly size: number) {}

  add(key: string): void {
    this.count++;
    this.keys.push(key);
    if (this.keys.length >= 2 * this.size + 1024) this.keys = this.sorted();
  }

  sorted(): string[] {
    return this.keys.sort().slice(0, this.size);
  }
}

/** Per count name: before, after and the difference, for names present in either. */
export function diffCounts(before: Record<string, number>, after: Record<string, number>): { name: string; before: number; after: number; delta: number }[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.map((name) => {
    const b = before[name] ?? 0;
    const a = after[name] ?? 0;
    return { name, before: b, after: a, delta: a - b };
  });
}
