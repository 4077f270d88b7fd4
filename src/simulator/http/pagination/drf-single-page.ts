/** A DRF envelope holding every row (small collections: tags, ADE tokens, a blueprint's items). */

import type { RowSet } from '../route-types.js';
import type { PageResult } from './page-result.js';

export function drfSinglePage(rowSet: RowSet): PageResult {
  return { body: { count: rowSet.total, next: null, previous: null, results: rowSet.rows(0, rowSet.total) }, headers: {} };
}
