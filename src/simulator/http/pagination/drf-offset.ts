/** DRF LimitOffsetPagination: {count, next, previous, results} with web-host links. */

import type { ListRoute, RouteContext, RowSet } from '../route-types.js';
import { sortedLink } from './links.js';
import { offsetParam, pageSize } from './page-params.js';
import type { PageResult } from './page-result.js';

export function drfOffsetPage(route: ListRoute, rowSet: RowSet, context: RouteContext): PageResult {
  const { query, linkBase } = context;
  const limit = pageSize(query, 'limit', route);
  const offset = offsetParam(query);
  const next = offset + limit < rowSet.total ? sortedLink(linkBase, query, { limit: String(limit), offset: String(offset + limit) }) : null;
  let previous: string | null = null;
  if (offset > 0) {
    // DRF drops `offset` when the previous page is the first.
    previous =
      offset - limit <= 0
        ? sortedLink(linkBase, query, { limit: String(limit), offset: null })
        : sortedLink(linkBase, query, { limit: String(limit), offset: String(offset - limit) });
  }
  return {
    body: { count: rowSet.total, next, previous, ...rowSet.summary, results: rowSet.rows(offset, limit) },
    headers: {},
  };
}
