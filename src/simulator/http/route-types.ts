/** The shape of a route-table entry. Each list route names one shared pagination style. */

import type { Fleet } from '../fleet/types.js';

export interface RouteContext {
  fleet: Fleet;
  params: Record<string, string>;
  query: URLSearchParams;
  /** `${host}${path}` as `next`/`previous` links must show it (web host, or API host for routes that say so). */
  linkBase: string;
  /** The `/devices` list as currently served (device churn and ordering). */
  deviceList: ServedDeviceList;
  /** The tenant's clock (microseconds): the fleet's `now` until a test moves it on (`RunningSimulator.setClock`). */
  clockMicros: number;
}

/** What the `/devices` route needs of the served device list (routes/device-list.ts). */
export interface ServedDeviceList {
  rowSet(ordering: string | null, filevaultEnabled?: string | null): RowSet;
  afterPage(): void;
}

/** The rows behind one list request, resolved once (404s and filter errors are raised here). */
export interface RowSet {
  total: number;
  rows(offset: number, limit: number): unknown[];
  /** Extra envelope fields placed before `results` (threat-details' malware_count / pup_count). */
  summary?: Record<string, unknown>;
}

export type RowSource = (context: RouteContext) => RowSet;

export type Entitlement = 'edr' | 'vulnerabilityManagement';

export type CursorPagination = {
  style: 'cursor';
  cursorParam: 'cursor' | 'after';
  sizeParam: 'sizePerPage' | 'limit' | 'size';
  /**
   * `cursor-only` = the link carries only the cursor (the real `/users` link: `...users?cursor=...`; the page size is
   * honoured whenever a request sends it); `cursor-last` = the request's parameters with the cursor last (audit log).
   */
  links: 'cursor-only' | 'cursor-last';
  /** Key order of the envelope as documented. */
  envelope: 'next-previous-results' | 'results-previous-next';
  /** DRF's CursorPagination answers 404 for a bad cursor; the others 400. */
  invalidCursorStatus: 400 | 404;
};

export type Pagination =
  /** /devices: bare array, limit/offset, X-Total-Count headers. */
  | { style: 'offset-array' }
  /** DRF LimitOffsetPagination: {count,next,previous,results}. */
  | { style: 'drf-offset' }
  /** DRF PageNumberPagination: `page` 1-based. */
  | { style: 'drf-page'; trailingSlashLinks: boolean }
  /** DRF envelope with every row on one page. */
  | { style: 'drf-single-page' }
  /** Prism: {offset,limit,total,data,cursor}; offset XOR cursor. */
  | { style: 'prism' }
  | CursorPagination;

interface RouteBase {
  /** Path template; also the permission key a token must hold. */
  path: string;
  permission: string;
  entitlement?: Entitlement;
}

export interface ListRoute extends RouteBase {
  kind: 'list';
  pagination: Pagination;
  defaultPageSize: number;
  maxPageSize: number;
  rows: RowSource;
  /** Host of `next`/`previous` links: the web host (default) or the API host (the audit log's links). */
  linkHost?: 'web' | 'api';
  /** Called after a page was served (the `/devices` churn step). */
  afterPage?: (context: RouteContext) => void;
}

export interface DocumentRoute extends RouteBase {
  kind: 'document';
  document: (context: RouteContext) => unknown;
  /** When set, the response carries X-Total-Count / X-Total-Pages / Link like /devices (e.g. /apps). */
  totalCount?: (document: unknown) => number;
}

export type Route = ListRoute | DocumentRoute;
