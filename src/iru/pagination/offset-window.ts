import { IruIncompleteListError, IruInvalidResponseError, type RedactedRequest } from '../errors.js';
import type { Page, PageCursor } from './types.js';

/** One page read at an offset, the grand total of rows when the response tells it, and the request (for messages). */
export interface OffsetPage<Row> {
  rows: Row[];
  total?: number;
  request: RedactedRequest;
  status: number;
}

/**
 * A list sorted on a unique key (e.g. `/devices?ordering=device_id`), read so that rows which move between pages while
 * it is read (devices that enroll or leave) are neither lost nor read twice: pages overlap by `overlap` rows, rows at or
 * below the last key kept are dropped, and a page that starts above the last key kept (rows left below it, so some may
 * have slid past the reader) is read again from further back.
 */
export interface KeyedOrder<Row> {
  keyOf(row: Row): string;
  overlap: number;
}

export interface OffsetWindowOptions<Row> {
  from?: PageCursor;
  limit: number;
  /** Pages in flight at once once the total is known; the first page (or any page while the total is unknown) goes alone. */
  window: number;
  keyed?: KeyedOrder<Row>;
}

/** Pages in flight per source once its total is known: enough to keep the tenant's rate busy behind a slow page. */
export const PAGE_WINDOW = 4;

/** Consecutive re-reads of one page boundary before the list is declared too unstable to read. */
const MAX_BOUNDARY_REREADS = 6;

/**
 * Offset pagination, with the pages after the first requested several at a time once a response told the total. Pages
 * are yielded in order, each with the cursor after it, so a retried read resumes after the last stored page.
 *
 * The list ends on its count or on an empty page, never on a short one: a server may serve fewer rows than asked (an
 * endpoint without a documented maximum), and then the page size it serves is used from there on. An empty page
 * before the count is reached fails the read (IruIncompleteListError): a list read short of its count is not a result.
 */
export async function* offsetWindow<Row>(
  fetchPage: (offset: number) => Promise<OffsetPage<Row>>,
  options: OffsetWindowOptions<Row>,
): AsyncGenerator<Page<Row>> {
  const keyed = options.keyed;
  let index = options.from?.pageIndex ?? 0;
  let lastKey = options.from?.after;
  let pageSize = options.limit;
  let total: number | undefined;
  let rereads = 0;
  const step = () => (keyed ? Math.max(1, pageSize - Math.min(keyed.overlap, pageSize - 1)) : pageSize);

  let queue: { offset: number; page: Promise<OffsetPage<Row>> }[] = [];
  let nextOffset = options.from?.offset ?? 0;
  const issue = () => {
    const page = fetchPage(nextOffset);
    page.catch(() => {}); // awaited in order below; a page dropped after the end must not go unhandled
    queue.push({ offset: nextOffset, page });
    nextOffset += step();
  };
  const restartAt = (at: number) => {
    queue = [];
    nextOffset = at;
  };

  try {
    for (;;) {
      if (queue.length === 0) issue();
      while (total !== undefined && queue.length < options.window && nextOffset < total) issue();
      const { offset: at, page: pending } = queue.shift()!;
      const page = await pending;
      if (page.total !== undefined) total = page.total;
      const served = page.rows.length;

      if (served === 0) {
        if (page.total !== undefined && at < page.total) throw new IruIncompleteListError(page.request, page.status, at, page.total);
        yield { index, rows: [], next: null, total };
        return;
      }

      let rows = page.rows;
      if (keyed) {
        const keys = rows.map((row) => keyed.keyOf(row));
        assertAscending(keys, page);
        if (lastKey !== undefined && at > 0 && keys[0]! > lastKey) {
          if (++rereads > MAX_BOUNDARY_REREADS)
            throw new IruIncompleteListError(page.request, page.status, at, total, 'the list kept changing while it was read');
          restartAt(Math.max(0, at - step() * rereads));
          continue;
        }
        rereads = 0;
        rows = rows.filter((_, i) => lastKey === undefined || keys[i]! > lastKey);
        const top = keys[keys.length - 1]!;
        if (lastKey === undefined || top > lastKey) lastKey = top;
      }

      const reached = at + served;
      const listTotal = page.total ?? total;
      const done = listTotal !== undefined && reached >= listTotal;
      // A server that serves fewer rows than asked (no documented maximum) sets the page size from here on.
      if (!done && served < pageSize) pageSize = served;
      const resumeAt = keyed ? Math.max(at + 1, reached - Math.min(keyed.overlap, served - 1)) : reached;
      if (queue[0]?.offset !== resumeAt) restartAt(resumeAt);
      const next: PageCursor | null = done ? null : { pageIndex: index + 1, offset: resumeAt, ...(lastKey !== undefined ? { after: lastKey } : {}) };
      yield { index, rows, next, total };
      if (!next) return;
      index += 1;
    }
  } finally {
    queue = [];
  }
}

function assertAscending(keys: string[], page: OffsetPage<unknown>): void {
  for (let i = 1; i < keys.length; i++) {
    if (!(keys[i - 1]! < keys[i]!)) {
      throw new IruInvalidResponseError(page.request, page.status, [
        {
          path: `[${i}]`,
          message:
            `rows are not in the requested order (${JSON.stringify(keys[i - 1])} before ${JSON.stringify(keys[i])}), so a list that ` +
            `changes while it is read cannot be read consistently`,
        },
      ]);
    }
  }
}
