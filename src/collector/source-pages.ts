import { ERROR_TYPES } from '../failures/index.js';
import { IruError, paginate, type EndpointEntry, type IruHttp, type PageCursor } from '../iru/index.js';

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
  /** Set on the empty page of a parent that Iru no longer has (404 on its own list): deleted since its parent list was read. */
  gone?: string;
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
  const first = options.from?.parent ?? 0;
  let gone: IruError | undefined;
  let answered = false;
  for (let p = first; p < parts.list.length; p++) {
    const part = parts.list[p]!;
    const lastPart = p === parts.list.length - 1;
    const resumesInPart = p === first && (options.from?.token !== undefined || options.from?.offset !== undefined);
    const from = resumesInPart ? options.from : { pageIndex };
    let pagesOfPart = 0;
    try {
      for await (const page of paginate(http, entry, { from, path: part.path, query: part.query, signal: options.signal })) {
        pagesOfPart += 1;
        answered = true;
        pageIndex = page.index + 1;
        const next: SourceCursor | null = page.next ? { ...page.next, parent: p } : lastPart ? null : { pageIndex, parent: p + 1 };
        yield { index: page.index, rows: (page.rows as Record<string, unknown>[]).map((row) => ({ ...row, [parts.into]: part.value })), next };
      }
    } catch (error) {
      if (!parentGone(error, entry, parts.byParent, pagesOfPart + (resumesInPart ? 1 : 0))) throw error;
      gone = error as IruError;
      const index = pageIndex++;
      yield { index, rows: [], next: lastPart ? null : { pageIndex, parent: p + 1 }, gone: part.value };
    }
  }
  // Every parent "gone" is not churn: the endpoint itself is not there (a wrong path, a product the tenant lacks).
  if (gone && !answered && first === 0) throw gone;
}

/**
 * A 404 on the first page of one parent's own list (`/library-items/{id}/status`, `/devices/{id}/...`): the parent was
 * deleted after its list was read, during the collection (iru-api-observed.md: 404 for an unknown library item or
 * device). Not for entitlement-gated endpoints, where a 404 means the tenant lacks the product.
 */
function parentGone(error: unknown, entry: EndpointEntry, byParent: boolean, pagesRead: number): boolean {
  return byParent && pagesRead === 0 && !entry.entitlement && error instanceof IruError && error.code === ERROR_TYPES.notFound;
}

function partsOf(entry: EndpointEntry, options: SourcePagesOptions): { list: Part[]; into: string; byParent: boolean } | undefined {
  if (entry.expand) {
    const { param, into = 'parent_id' } = entry.expand;
    const list = (options.parents ?? []).map((id) => ({ value: id, path: entry.path.replace(`{${param}}`, encodeURIComponent(id)), query: options.query }));
    return { list, into, byParent: true };
  }
  if (options.filter) {
    const { param, values, into } = options.filter;
    return { list: values.map((value) => ({ value, path: entry.path, query: { ...options.query, [param]: value } })), into, byParent: false };
  }
  return undefined;
}
