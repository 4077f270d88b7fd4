/** Code-point order, independent of locale: the order records and keys are written in. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type SortKey = string | number | null;

/**
 * A comparator over several keys, first key first; null sorts before any value. Records sorted by a key that
 * identifies them make an Artifact independent of the order the API returned its pages in.
 */
export function byKeys<T>(key: (record: T) => SortKey[]): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const order = compareKey(ka[i] ?? null, kb[i] ?? null);
      if (order !== 0) return order;
    }
    return 0;
  };
}

function compareKey(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}
