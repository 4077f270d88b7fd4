import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError } from '../errors.js';
import type { IruHttp } from '../http.js';
import { offsetWindow, PAGE_WINDOW } from './offset-window.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/**
 * Prism in offset mode: `limit` and `offset` (never with `cursor`: the API refuses both at once). The first page's
 * `total` is null in the documented examples; later pages carry it, and once known the rest go several at a time.
 */
export function paginatePrismOffset<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const limit = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  const fetchPage = (offset: number) =>
    http.get(
      http.url(entry.path, { ...options.query, limit, offset }),
      (response) => {
        const body = response.body as { data?: unknown; total?: unknown } | null;
        if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'data', message: 'expected a Prism envelope with a data array' }]);
        }
        if (body.total !== null && body.total !== undefined && (typeof body.total !== 'number' || !Number.isInteger(body.total) || body.total < 0)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'total', message: 'expected a row count or null' }]);
        }
        return { rows: parseRows(entry.row, body.data, response.request, response.status), total: typeof body.total === 'number' ? body.total : undefined };
      },
      options.signal,
    );
  return offsetWindow(fetchPage, { from: options.from, limit, window: PAGE_WINDOW });
}
