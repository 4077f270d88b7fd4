import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError } from '../errors.js';
import type { IruHttp } from '../http.js';
import { offsetWindow, PAGE_WINDOW } from './offset-window.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/** Where an offset-paged JSON envelope keeps its rows and its row count. */
export interface EnvelopeKeys {
  rows: string;
  total: string;
  /** What the envelope is called in an invalid-response message. */
  name: string;
}

/** Offset pages of an object envelope (`{count, results}`, Prism's `{total, data}`), several at a time once the total is known. */
export function paginateOffsetEnvelope<Row>(
  http: IruHttp,
  entry: EndpointEntry<Row>,
  options: PaginateOptions,
  keys: EnvelopeKeys,
  query: Record<string, string> = {},
): AsyncGenerator<Page<Row>> {
  const limit = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  const fetchPage = (offset: number) =>
    http.get(
      http.url(options.path ?? entry.path, { ...query, ...options.query, limit, offset }),
      (response) => {
        const body = response.body as Record<string, unknown> | null;
        if (!body || typeof body !== 'object' || !Array.isArray(body[keys.rows])) {
          throw new IruInvalidResponseError(response.request, response.status, [
            { path: keys.rows, message: `expected ${keys.name} with a ${keys.rows} array` },
          ]);
        }
        const total = body[keys.total];
        if (total !== null && total !== undefined && (typeof total !== 'number' || !Number.isInteger(total) || total < 0)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: keys.total, message: 'expected a row count or null' }]);
        }
        return {
          rows: parseRows(entry.row, body[keys.rows] as unknown[], response.request, response.status),
          total: typeof total === 'number' ? total : undefined,
          request: response.request,
          status: response.status,
        };
      },
      options.signal,
    );
  return offsetWindow(fetchPage, { from: options.from, limit, window: PAGE_WINDOW });
}
