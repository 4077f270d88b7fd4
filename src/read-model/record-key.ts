import { cellText } from './flatten-record.js';
import { DEVICE_IDENTITY_FIELDS } from './record-fields.js';

/**
/**
 * The candidate sets of fields that identify a record across versions, for any Artifact type, to try in order: the
 * leading 1, 2, ... fields of the first record (in the order of the type's record schema, which puts the subject first:
 * deviceId, then libraryItemId, ...), the first whose values are unique within each version is the key; the last
 * candidate, all the fields, is the key even when it is not unique. A device's name, serial number and user describe
 * its id and are passed over, so that a renamed device is the same record.
 */
export function keyFieldCandidates(first: Record<string, unknown> | undefined): string[][] {
  if (!first) return [[]];
  const names = Object.keys(first).filter((name) => !DEVICE_IDENTITY_FIELDS.includes(name));
  return [...Array.from({ length: Math.max(0, names.length - 1) }, (_, i) => names.slice(0, i + 1)), names];
}

export function recordKey(record: Record<string, unknown>, fields: string[]): string {
  return fields.map((f) => cellText(record[f])).join(' / ');
}

/** The key fields of records held in memory: the first candidate whose values are unique among them. */
export function recordKeyFields(records: Record<string, unknown>[]): string[] {
  const candidates = keyFieldCandidates(records[0]);
  return candidates.find((fields) => new Set(records.map((r) => recordKey(r, fields))).size === records.length) ?? candidates[candidates.length - 1]!;
}
