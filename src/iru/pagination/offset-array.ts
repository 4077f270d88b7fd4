import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError, type RedactedRequest } from '../errors.js';
import type { IruHttp } from '../http.js';
import { offsetWindow, PAGE_WINDOW, type OffsetPage } from './offset-window.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/**
 * GET /api/v1/devices style: a bare array, `limit` (hard max 300) and 0-based `offset`, X-Total-Count in the headers.
 * Stops on a short page, or when X-Total-Count shows everything arrived (only when it is provably the grand total:
 * the sources disagree whether it counts the page or the fleet). Once it is, the next pages go several at a time.
 */
export function paginateOffsetArray<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const limit = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  const fetchPage = (offset: number): Promise<OffsetPage<Row>> =>
    http.get(
      http.url(options.path ?? entry.path, { ...options.query, limit, offset }),
      (response) => {
        if (!Array.isArray(response.body)) {
          throw invalid(response.request, response.status, 'expected a JSON array of rows');
        }
        const header = response.headers['x-total-count'];
        const total = Number(Array.isArray(header) ? header[0] : header);
        const rows = parseRows(entry.row, response.body, response.request, response.status);
        const totalIsGrand = Number.isFinite(total) && (total > rows.length || offset > 0);
        return { rows, total: totalIsGrand ? total : undefined };
      },
      options.signal,
    );
  return offsetWindow(fetchPage, { from: options.from, limit, window: PAGE_WINDOW });
}

function invalid(request: RedactedRequest, status: number, message: string) {
  return new IruInvalidResponseError(request, status, [{ path: '', message }]);
}
