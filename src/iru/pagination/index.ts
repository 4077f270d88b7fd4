import type { EndpointEntry, PaginationStyle } from '../catalog.js';
import type { IruHttp } from '../http.js';
import { paginateDocument } from './document.js';
import { paginateDrfOffset } from './drf-offset.js';
import { paginateNextLink } from './next-link.js';
import { paginateOffsetArray } from './offset-array.js';
import { paginatePrismOffset } from './prism-offset.js';
import type { Page, PaginateOptions, Paginator } from './types.js';

export type { Page, PageCursor, PaginateOptions } from './types.js';

const PAGINATORS: Record<PaginationStyle, Paginator> = {
  'offset-array': paginateOffsetArray,
  'next-link': paginateNextLink,
  'drf-offset': paginateDrfOffset,
  'prism-offset': paginatePrismOffset,
  document: paginateDocument,
};

/** Pages through any catalog endpoint, resuming from `options.from`. */
export function paginate<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions = {}): AsyncGenerator<Page<Row>> {
  return PAGINATORS[entry.pagination](http, entry, options);
}
