/** Dispatch from a route's pagination style to its one shared implementation. */

import type { ListRoute, RouteContext } from '../route-types.js';
import { cursorPage } from './cursor.js';
import { drfOffsetPage } from './drf-offset.js';
import { drfPage } from './drf-page.js';
import { drfSinglePage } from './drf-single-page.js';
import { offsetArrayPage } from './offset-array.js';
import type { PageResult } from './page-result.js';
import { prismPage } from './prism.js';

export function paginate(route: ListRoute, context: RouteContext): PageResult {
  const rowSet = route.rows(context);
  const pagination = route.pagination;
  switch (pagination.style) {
    case 'offset-array':
      return offsetArrayPage(route, rowSet, context);
    case 'drf-offset':
      return drfOffsetPage(route, rowSet, context);
    case 'drf-page':
      return drfPage(route, rowSet, context, pagination.trailingSlashLinks);
    case 'drf-single-page':
      return drfSinglePage(rowSet);
    case 'prism':
      return prismPage(route, rowSet, context);
    case 'cursor':
      return cursorPage(route, pagination, rowSet, context);
  }
}
