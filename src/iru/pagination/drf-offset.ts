import type { EndpointEntry } from '../catalog.js';
import type { IruHttp } from '../http.js';
import { paginateOffsetEnvelope } from './offset-envelope.js';
import type { Page, PaginateOptions } from './types.js';

/**
 * Django REST framework limit/offset: `{count, next, previous, results}`. Pages are addressed by `offset` rather than
 * by following `next` (whose host is the web app's), so once `count` is known the rest go several at a time.
 */
export function paginateDrfOffset<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  return paginateOffsetEnvelope(http, entry, options, { rows: 'results', total: 'count', name: 'an object' }, entry.firstQuery);
}
