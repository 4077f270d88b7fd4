import type { EndpointEntry } from '../catalog.js';
import type { IruHttp } from '../http.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/** One JSON object (e.g. licensing): a single page holding one row. */
export async function* paginateDocument<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const url = http.url(options.path ?? entry.path, options.query);
  const rows = await http.get(url, (response) => parseRows(entry.row, [response.body], response.request, response.status), options.signal);
  yield { index: options.from?.pageIndex ?? 0, rows, next: null };
}
