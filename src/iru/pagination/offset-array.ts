import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError } from '../errors.js';
import type { IruHttp } from '../http.js';
import { offsetWindow, PAGE_WINDOW, type OffsetPage } from './offset-window.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/**
 * GET /api/v1/devices style: a bare array, `limit` (hard max 300) and 0-based `offset`, X-Total-Count in the headers
 * (the grand total of the filtered list: a recorded page past the end is `[]` with `x-total-count: 1`, see
 * ../shared/reference/iru-api-observed.md, Paging). An entry with `keyedOrder` is read in that order, so that devices
 * enrolling or leaving during the read are neither missed nor read twice.
 */
export function paginateOffsetArray<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const limit = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  const order = entry.keyedOrder;
  const fetchPage = (offset: number): Promise<OffsetPage<Row>> =>
    http.get(
      http.url(options.path ?? entry.path, { ...(order ? { ordering: order.key } : {}), ...options.query, limit, offset }),
      (response) => {
        if (!Array.isArray(response.body)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: '', message: 'expected a JSON array of rows' }]);
        }
        const header = response.headers['x-total-count'];
        const total = Number(Array.isArray(header) ? header[0] : (header ?? Number.NaN));
        const rows = parseRows(entry.row, response.body, response.request, response.status);
        return { rows, total: Number.isInteger(total) && total >= 0 ? total : undefined, request: response.request, status: response.status };
      },
      options.signal,
    );
  const keyed = order ? { keyOf: (row: Row) => String((row as Record<string, unknown>)[order.key]), overlap: order.overlap } : undefined;
  return offsetWindow(fetchPage, { from: options.from, limit, window: PAGE_WINDOW, keyed });
}
