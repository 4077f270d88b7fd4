import { canonicalJson } from '../evidence/index.js';
import { recordKey, recordKeyFields } from './record-key.js';

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

/** What changed between two versions' records, matched by their identifying fields. */
export function diffRecords(before: Record<string, unknown>[], after: Record<string, unknown>[], sampleSize = 200): RecordDiff {
  const keyFields = recordKeyFields(before, after);
  const old = new Map<string, string>();
  for (const record of before) old.set(recordKey(record, keyFields), canonicalJson(record));
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const record of after) {
    const key = recordKey(record, keyFields);
    const previous = old.get(key);
    if (previous === undefined) added.push(key);
    else if (previous !== canonicalJson(record)) changed.push(key);
    else unchanged++;
    old.delete(key);
  }
  const removed = [...old.keys()];
  const sample = (keys: string[]) => keys.sort().slice(0, sampleSize);
  return {
    keyFields,
    added: added.length,
    removed: removed.length,
    changed: changed.length,
    unchanged,
    addedKeys: sample(added),
    removedKeys: sample(removed),
    changedKeys: sample(changed),
  };
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
