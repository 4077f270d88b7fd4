/** DRF PageNumberPagination: `page` is 1-based, the page size is fixed; a page past the end is 404. */

import { ApiError } from '../api-error.js';
import type { ListRoute, RouteContext, RowSet } from '../route-types.js';
import { sortedLink } from './links.js';
import { pageNumber } from './page-params.js';
import type { PageResult } from './page-result.js';

export function drfPage(route: ListRoute, rowSet: RowSet, context: RouteContext, trailingSlashLinks: boolean): PageResult {
  const { query } = context;
  const linkBase = trailingSlashLinks ? `${context.linkBase}/` : context.linkBase;
  const size = route.maxPageSize;
  const pages = Math.max(1, Math.ceil(rowSet.total / size));
  const page = pageNumber(query);
  if (page === undefined || page > pages) throw ApiError.detail(404, 'Invalid page.');
  const next = page < pages ? sortedLink(linkBase, query, { page: String(page + 1) }) : null;
  let previous: string | null = null;
  if (page > 1) previous = sortedLink(linkBase, query, { page: page === 2 ? null : String(page - 1) });
  return {
    body: { count: rowSet.total, next, previous, results: rowSet.rows((page - 1) * size, size) },
    headers: {},
  };
}
