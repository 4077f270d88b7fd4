/** Building RowSets from indexed generators. */

import type { RowSet } from '../http/route-types.js';

/** Rows are `get(i)` for i in [0, total); a page only generates its own rows. */
export function indexedRows(total: number, get: (index: number) => unknown, summary?: Record<string, unknown>): RowSet {
  return {
    total,
    summary,
    rows: (offset, limit) => {
      const out: unknown[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) out.push(get(i));
      return out;
    },
  };
}

export function listRows(items: readonly unknown[]): RowSet {
  return indexedRows(items.length, (i) => items[i]);
}
