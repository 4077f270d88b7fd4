import { cellText } from './flatten-record.js';
import { DEVICE_IDENTITY_FIELDS } from './record-fields.js';

/**
 * The fields that identify a record across versions, for any Artifact type: the shortest run of leading fields (in
 * the order of the type's record schema, which puts the subject first: deviceId, then libraryItemId, ...) whose values are
 * unique within each set of records. A device's name, serial number and user describe its id and are passed over.
 */
export function recordKeyFields(...recordSets: Record<string, unknown>[][]): string[] {
  const first = recordSets.find((set) => set.length > 0)?.[0];
  if (!first) return [];
  const names = Object.keys(first).filter((name) => !DEVICE_IDENTITY_FIELDS.includes(name));
  for (let length = 1; length < names.length; length++) {
    const fields = names.slice(0, length);
    if (recordSets.every((set) => isUnique(set, fields))) return fields;
  }
  return names;
}

export function recordKey(record: Record<string, unknown>, fields: string[]): string {
  return fields.map((f) => cellText(record[f])).join(' / ');
}

function isUnique(records: Record<string, unknown>[], fields: string[]): boolean {
  const seen = new Set<string>();
  for (const record of records) {
    const key = recordKey(record, fields);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}
