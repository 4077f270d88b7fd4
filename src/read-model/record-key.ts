import { cellText } from './flatten-record.js';

/**
 * The candidate sets of fields that identify a record across versions, for any Artifact type, to try in order: the
 * leading 1, 2, ... fields of the first record (in the order of the type's record schema, which puts the subject first:
 * deviceId, then libraryItemId, ...), the first whose values are unique within each version is the key; the last
 * candidate, all the fields, is the key even when it is not unique.
 */
export function keyFieldCandidates(first: Record<string, unknown> | undefined): string[][] {
  if (!first) return [[]];
  const names = Object.keys(first);
  return [...Array.from({ length: Math.max(0, names.length - 1) }, (_, i) => names.slice(0, i + 1)), names];
}

export function recordKey(record: Record<string, unknown>, fields: string[]): string {
  return fields.map((f) => cellText(record[f])).join(' / ');
}
