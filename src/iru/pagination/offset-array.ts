import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError, type RedactedRequest } from '../errors.js';
import type { IruHttp } from '../http.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/**
 * GET /api/v1/devices style: a bare array, `limit` (hard max 300) and 0-based `offset`, X-Total-Count in the headers.
 * Stops on a short page, or when X-Total-Count shows everything arrived (only when it is provably the grand total:
 * the sources disagree whether it counts the page or the fleet).
 */
export async function* paginateOffsetArray<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const limit = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  let index = options.from?.pageIndex ?? 0;
  let offset = options.from?.offset ?? 0;
  for (;;) {
    const url = http.url(options.path ?? entry.path, { ...options.query, limit, offset });
    const { rows, total } = await http.get(
      url,
      (response) => {
        if (!Array.isArray(response.body)) {
          throw invalid(response.request, response.status, 'expected a JSON array of rows');
        }
        const header = response.headers['x-total-count'];
        const total = Number(Array.isArray(header) ? header[0] : header);
        return { rows: parseRows(entry.row, response.body, response.request, response.status), total: Number.isFinite(total) ? total : undefined };
      },
      options.signal,
    );
    const received = offset + rows.length;
    const totalIsGrand = total !== undefined && (total > rows.length || offset > 0);
    const done = rows.length < limit || (totalIsGrand && received >= total);
    const next = done ? null : { pageIndex: index + 1, offset: received };
    yield { index, rows, next, total: totalIsGrand ? total : undefined };
    if (!next) return;
    index = next.pageIndex;
    offset = next.offset;
  }
}

function invalid(request: RedactedRequest, status: number, message: string) {
  return new IruInvalidResponseError(request, status, [{ path: '', message }]);
}
