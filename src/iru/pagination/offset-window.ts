import type { Page, PageCursor } from './types.js';

/** One page read at an offset, and the grand total of rows when the response tells it. */
export interface OffsetPage<Row> {
  rows: Row[];
  total?: number;
}

export interface OffsetWindowOptions {
  from?: PageCursor;
  limit: number;
  /** Pages in flight at once once the total is known; the first page (or any page while the total is unknown) goes alone. */
  window: number;
}

/** Pages in flight per source once its total is known: enough to keep the tenant's rate busy behind a slow page. */
export const PAGE_WINDOW = 4;

/**
 * Offset pagination with the pages after the first requested several at a time, once a response told the total:
 * a long source then moves at the tenant's rate instead of one round trip per page. Pages are yielded in order,
 * each with the cursor after it, so a retried read resumes after the last stored page. Requests are exactly one per
 * page up to the total; a short page ends the read (anything still in flight is dropped).
 */
export async function* offsetWindow<Row>(fetchPage: (offset: number) => Promise<OffsetPage<Row>>, options: OffsetWindowOptions): AsyncGenerator<Page<Row>> {
  let index = options.from?.pageIndex ?? 0;
  let offset = options.from?.offset ?? 0;
  let total: number | undefined;
  const inFlight = new Map<number, Promise<OffsetPage<Row>>>();
  let nextIndex = index;
  let nextOffset = offset;
  const issue = () => {
    const request = fetchPage(nextOffset);
    request.catch(() => {}); // awaited in order below; a page dropped after the end must not go unhandled
    inFlight.set(nextIndex, request);
    nextIndex += 1;
    nextOffset += options.limit;
  };
  try {
    for (;;) {
      if (inFlight.size === 0) issue();
      while (total !== undefined && inFlight.size < options.window && nextOffset < total) issue();
      const page = await inFlight.get(index)!;
      inFlight.delete(index);
      if (page.total !== undefined) total = page.total;
      const received = offset + page.rows.length;
      const done = page.rows.length < options.limit || (total !== undefined && received >= total);
      const next = done ? null : { pageIndex: index + 1, offset: received };
      yield { index, rows: page.rows, next, total };
      if (!next) return;
      index = next.pageIndex;
      offset = next.offset;
    }
  } finally {
    inFlight.clear();
  }
}
