import { compareCodePoints } from '../store/record-order.js';

/** Code-point order, independent of locale: the order records and keys are written in. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type SortKey = string | null;

/** A comparator over several keys, which also encodes them as one text that sorts the same way byte by byte. */
export interface RecordOrder<T> {
  (a: T, b: T): number;
  /** The keys as one string whose code points order like the comparator: what the store sorts records by. */
  encode(record: T): string;
}

// Key parts are joined by \u0001 and each present value starts with \u0002, so a missing value sorts first and a
// shorter key before its extensions; control characters this low never occur in identifiers, names or times.
const SEPARATOR = '\u0001';
const PRESENT = '\u0002';
const LOW_CONTROLS = /[\u0000-\u0002]/g;

/**
 * An order over several keys, first key first; null sorts before any value. Records ordered by a key that
 * identifies them make an Artifact independent of the order the API returned its pages in.
 */
export function byKeys<T>(key: (record: T) => SortKey[]): RecordOrder<T> {
  const encode = (record: T) =>
    key(record)
      .map((part) => (part === null ? '' : PRESENT + part.replace(LOW_CONTROLS, ' ')))
      .join(SEPARATOR);
  const compare = (a: T, b: T) => compareCodePoints(encode(a), encode(b));
  return Object.assign(compare, { encode });
}
