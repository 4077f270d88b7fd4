import type { EndpointEntry } from '../catalog.js';
import type { IruHttp } from '../http.js';
import { paginateOffsetEnvelope } from './offset-envelope.js';
import type { Page, PaginateOptions } from './types.js';

/**
 * Prism in offset mode: `limit` and `offset` (never with `cursor`: the API refuses both at once). The first page's
 * `total` is null in the documented examples; later pages carry it, and once known the rest go several at a time.
 */
export function paginatePrismOffset<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  return paginateOffsetEnvelope(http, entry, { ...options, path: entry.path }, { rows: 'data', total: 'total', name: 'a Prism envelope' });
}
