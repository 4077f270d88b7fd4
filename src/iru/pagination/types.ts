import type { z } from 'zod';
import type { EndpointEntry } from '../catalog.js';
import type { IruHttp } from '../http.js';

/** Where to continue a paged read: small and JSON-safe, so an activity can heartbeat it and a retry resume from it. */
export interface PageCursor {
  /** 0-based index of the next page. */
  pageIndex: number;
  offset?: number;
  /** Opaque cursor or re-based next link, depending on the style. */
  token?: string;
  /** A list read in the order of a unique key: the last key already read (rows at or below it are not read again). */
  after?: string;
}

export interface Page<Row> {
  index: number;
  rows: Row[];
  /** Where the page after this one starts; null after the last page. */
  next: PageCursor | null;
  /** Grand total when the API tells it. */
  total?: number;
}

export interface PaginateOptions {
  from?: PageCursor;
  signal?: AbortSignal;
  pageSize?: number;
  query?: Record<string, string | number | undefined>;
  /** The API path with its template parameters filled in (per-parent endpoints). */
  path?: string;
}

export type Paginator = <Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions) => AsyncGenerator<Page<Row>>;

export type RowSchema<Row> = z.ZodType<Row>;
