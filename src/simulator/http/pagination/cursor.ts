/**
 * Cursor pagination without counts: users (`cursor`/`sizePerPage`), audit (`cursor`/`limit`), vulnerabilities
 * (`after`/`size`). The page size is read from every request that sends it, whatever the link carried.
 */

import { ApiError } from '../api-error.js';
import type { CursorPagination, ListRoute, RouteContext, RowSet } from '../route-types.js';
import { decodeCursor, encodeCursor } from './cursor-codec.js';
import { lastKeyLink, onlyParamLink, type ParamEdits } from './links.js';
import { pageSize } from './page-params.js';
import type { PageResult } from './page-result.js';

export function cursorPage(route: ListRoute, style: CursorPagination, rowSet: RowSet, context: RouteContext): PageResult {
  const { query, linkBase } = context;
  const size = pageSize(query, style.sizeParam, route);
  const raw = query.get(style.cursorParam);
  const position = raw === null || raw === '' ? 0 : decodeCursor(raw);
  if (position === undefined) throw ApiError.detail(style.invalidCursorStatus, 'Invalid cursor');
  const results = rowSet.rows(position, size);
  const link = (target: number): string => {
    if (style.links === 'cursor-only') return onlyParamLink(linkBase, style.cursorParam, encodeCursor(target));
    const edits: ParamEdits = { [style.sizeParam]: String(size), [style.cursorParam]: encodeCursor(target) };
    return lastKeyLink(linkBase, query, edits, style.cursorParam);
  };
  const next = position + results.length < rowSet.total ? link(position + results.length) : null;
  const previous = position > 0 ? link(Math.max(0, position - size)) : null;
  const body = style.envelope === 'next-previous-results' ? { next, previous, results } : { results, previous, next };
  return { body, headers: {} };
}
