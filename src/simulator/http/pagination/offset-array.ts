/** GET /devices: a bare JSON array, `limit` + 0-based `offset`, `[]` past the end, totals in headers. */

import type { ListRoute, RouteContext, RowSet } from '../route-types.js';
import { offsetParam, pageSize } from './page-params.js';
import { totalCountHeaders, type PageResult } from './page-result.js';

export function offsetArrayPage(route: ListRoute, rowSet: RowSet, context: RouteContext): PageResult {
  const limit = pageSize(context.query, 'limit', route);
  const offset = offsetParam(context.query);
  return { body: rowSet.rows(offset, limit), headers: totalCountHeaders(rowSet.total, limit) };
}
