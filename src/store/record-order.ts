import type { StoredRecord } from './types.js';

/**
 * Unicode code-point order, which is also UTF-8 byte order (SQLite's BINARY and PostgreSQL's "C" collation): JS's
 * own string order compares UTF-16 code units and would put U+E000..U+FFFF after astral characters.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The order of an Artifact's records: by sort key, then by tie. */
export function compareStoredRecords(a: Pick<StoredRecord, 'sortKey' | 'tie'>, b: Pick<StoredRecord, 'sortKey' | 'tie'>): number {
  return compareCodePoints(a.sortKey, b.sortKey) || compareCodePoints(a.tie, b.tie);
}
