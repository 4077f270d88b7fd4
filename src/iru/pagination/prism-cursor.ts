import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError } from '../errors.js';
import type { IruHttp } from '../http.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/**
 * Prism in cursor mode: `cursor=` (empty) starts, each page returns the next opaque cursor, null or empty at the end.
 * Cursor mode is never mixed with `offset` (the API refuses both at once).
 */
export async function* paginatePrismCursor<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const limit = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  let index = options.from?.pageIndex ?? 0;
  let cursor = options.from?.token ?? '';
  for (;;) {
    const url = http.url(entry.path, { ...options.query, limit, cursor });
    const page = await http.get(
      url,
      (response) => {
        const body = response.body as { data?: unknown; cursor?: unknown; total?: unknown } | null;
        if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'data', message: 'expected a Prism envelope with a data array' }]);
        }
        if (body.cursor !== null && body.cursor !== undefined && typeof body.cursor !== 'string') {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'cursor', message: 'expected a string or null' }]);
        }
        const total = typeof body.total === 'number' ? body.total : undefined;
        return { rows: parseRows(entry.row, body.data, response.request, response.status), cursor: body.cursor || null, total };
      },
      options.signal,
    );
    const next = page.cursor && page.rows.length > 0 ? { pageIndex: index + 1, token: page.cursor } : null;
    yield { index, rows: page.rows, next, total: page.total };
    if (!next) return;
    index = next.pageIndex;
    cursor = next.token;
  }
}
