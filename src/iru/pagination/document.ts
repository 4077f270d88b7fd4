import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError } from '../errors.js';
import type { IruHttp } from '../http.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/** One JSON object (e.g. licensing): a single page holding one row, or the rows of its `rowsKey` list. */
export async function* paginateDocument<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const url = http.url(options.path ?? entry.path, options.query);
  const rows = await http.get(
    url,
    (response) => {
      const body = response.body as Record<string, unknown> | null;
      if (!entry.rowsKey) return parseRows(entry.row, [body], response.request, response.status);
      if (!body || typeof body !== 'object' || !Array.isArray(body[entry.rowsKey])) {
        throw new IruInvalidResponseError(response.request, response.status, [
          { path: entry.rowsKey, message: `expected an object with a ${entry.rowsKey} array` },
        ]);
      }
      return parseRows(entry.row, body[entry.rowsKey], response.request, response.status);
    },
    options.signal,
  );
  yield { index: options.from?.pageIndex ?? 0, rows, next: null };
}
