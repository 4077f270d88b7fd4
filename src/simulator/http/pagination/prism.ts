/**
 * Prism: {offset, limit, total, data, cursor}. Offset mode echoes the offset (total is null on the
 * first page, as in the documented examples); cursor mode starts with `cursor=` and returns an
 * opaque cursor until the end (then null). Using both is a 400.
 */

import { ApiError } from '../api-error.js';
import type { ListRoute, RouteContext, RowSet } from '../route-types.js';
import { decodeCursor, encodeCursor } from './cursor-codec.js';
import { offsetParam, pageSize } from './page-params.js';
import type { PageResult } from './page-result.js';

export function prismPage(route: ListRoute, rowSet: RowSet, context: RouteContext): PageResult {
  const { query } = context;
  const limit = pageSize(query, 'limit', route);
  const rawCursor = query.get('cursor');
  if (rawCursor !== null && query.has('offset')) throw ApiError.detail(400, 'Use either offset or cursor pagination, not both.');
  if (rawCursor === null) {
    const offset = offsetParam(query);
    return {
      body: { offset, limit, total: offset === 0 ? null : rowSet.total, data: rowSet.rows(offset, limit), cursor: null },
      headers: {},
    };
  }
  if (query.has('sort_by')) throw ApiError.detail(400, 'sort_by is not supported with cursor pagination.');
  const position = rawCursor === '' ? 0 : decodeCursor(rawCursor);
  if (position === undefined) throw ApiError.detail(400, 'Invalid cursor.');
  const data = rowSet.rows(position, limit);
  const nextPosition = position + data.length;
  return {
    body: { offset: null, limit, total: rowSet.total, data, cursor: nextPosition < rowSet.total ? encodeCursor(nextPosition) : null },
    headers: {},
  };
}
