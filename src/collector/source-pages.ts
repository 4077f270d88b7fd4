import { paginate, type EndpointEntry, type IruHttp, type PageCursor } from '../iru/index.js';

/** Where a source continues: the page cursor and, for per-parent sources, which parent it is on. */
export interface SourceCursor extends PageCursor {
  parent?: number;
  /**
   * The denied route this source is read through (`deniedRouteName`), on every page the route stored: the store, not
   * only the heartbeat, says which endpoint the pages came from. A route lists at least two filter values, so its first
   * page always has a cursor.
   */
  route?: string;
}

export interface SourcePage {
  index: number;
  rows: Record<string, unknown>[];
  next: SourceCursor | null;
}

export interface SourcePagesOptions {
  from?: SourceCursor;
  query?: Record<string, string>;
  /** Distinct parent ids, sorted, for a per-parent endpoint. */
  parents?: string[];
  /** Read the list once per value of this filter (a denied source's route); each row carries the value in `into`. */
  filter?: { param: string; values: string[]; into: string };
  signal?: AbortSignal;
}

/** One list of a source read in parts: a parent's, or a filter value's. */
interface Part {
  value: string;
  path: string;
  query?: Record<string, string>;
}

/**
 * The pages of one source, page indexes numbered across parts so the store keys stay (run, source, page).
 * Rows of a per-parent endpoint carry their parent's id (in `parent_id` unless the catalog says otherwise); rows of a
 * filtered list carry the filter value they were listed under.
 */
export async function* sourcePages(http: IruHttp, entry: EndpointEntry, options: SourcePagesOptions): AsyncGenerator<SourcePage> {
  const parts = partsOf(entry, options);
  if (!parts) {
    for await (const page of paginate(http, entry, { from: options.from, query: options.query, signal: options.signal })) {
      yield { index: page.index, rows: page.rows as Record<string, unknown>[], next: page.next };
    }
    return;
  }
  let pageIndex = options.from?.pageIndex ?? 0;
  for (let p = options.from?.parent ?? 0; p < parts.list.length; p++) {
    const part = parts.list[p]!;
    const resumesInPart = p === (options.from?.parent ?? 0) && (options.from?.token !== undefined || options.from?.offset !== undefined);
    const from = resumesInPart ? options.from : { pageIndex };
    for await (const page of paginate(http, entry, { from, path: part.path, query: part.query, signal: options.signal })) {
      pageIndex = page.index + 1;
      const lastPart = p === parts.list.length - 1;
      const next: SourceCursor | null = page.next ? { ...page.next, parent: p } : lastPart ? null : { pageIndex, parent: p + 1 };
      yield { index: page.index, rows: (page.rows as Record<string, unknown>[]).map((row) => ({ ...row, [parts.into]: part.value })), next };
    }
  }
}

function partsOf(entry: EndpointEntry, options: SourcePagesOptions): { list: Part[]; into: string } | undefined {
  if (entry.expand) {
    const { param, into = 'parent_id' } = entry.expand;
    const list = (options.parents ?? []).map((id) => ({ value: id, path: entry.path.replace(`{${param}}`, encodeURIComponent(id)), query: options.query }));
    return { list, into };
  }
  if (options.filter) {
    const { param, values, into } = options.filter;
    return { list: values.map((value) => ({ value, path: entry.path, query: { ...options.query, [param]: value } })), into };
  }
  return undefined;
}
