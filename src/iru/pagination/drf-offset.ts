import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError } from '../errors.js';
import type { IruHttp } from '../http.js';
import { offsetWindow, PAGE_WINDOW } from './offset-window.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/**
 * Django REST framework limit/offset: `{count, next, previous, results}`. Pages are addressed by `offset` rather than
 * by following `next` (whose host is the web app's), so once `count` is known the rest go several at a time.
 */
export function paginateDrfOffset<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const limit = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  const fetchPage = (offset: number) =>
    http.get(
      http.url(options.path ?? entry.path, { ...entry.firstQuery, ...options.query, limit, offset }),
      (response) => {
        const body = response.body as { results?: unknown; count?: unknown } | null;
        if (!body || typeof body !== 'object' || !Array.isArray(body.results)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'results', message: 'expected an object with a results array' }]);
        }
        if (body.count !== undefined && body.count !== null && (typeof body.count !== 'number' || !Number.isInteger(body.count) || body.count < 0)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'count', message: 'expected a row count' }]);
        }
        return { rows: parseRows(entry.row, body.results, response.request, response.status), total: typeof body.count === 'number' ? body.count : undefined };
      },
      options.signal,
    );
  return offsetWindow(fetchPage, { from: options.from, limit, window: PAGE_WINDOW });
}
