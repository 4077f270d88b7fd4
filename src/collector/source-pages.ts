import { paginate, type EndpointEntry, type IruHttp, type PageCursor } from '../iru/index.js';

/** Where a source continues: the page cursor and, for per-parent sources, which parent it is on. */
export interface SourceCursor extends PageCursor {
  parent?: number;
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
  signal?: AbortSignal;
}

/**
 * The pages of one source, page indexes numbered across parents so the store keys stay (run, source, page).
 * Rows of a per-parent endpoint carry their parent's id (in `parent_id` unless the catalog says otherwise).
 */
export async function* sourcePages(http: IruHttp, entry: EndpointEntry, options: SourcePagesOptions): AsyncGenerator<SourcePage> {
  if (!entry.expand) {
    for await (const page of paginate(http, entry, { from: options.from, query: options.query, signal: options.signal })) {
      yield { index: page.index, rows: page.rows as Record<string, unknown>[], next: page.next };
    }
    return;
  }
  const parents = options.parents ?? [];
  const { param, into = 'parent_id' } = entry.expand;
  let pageIndex = options.from?.pageIndex ?? 0;
  for (let p = options.from?.parent ?? 0; p < parents.length; p++) {
    const parentId = parents[p]!;
    const resumesInParent = p === (options.from?.parent ?? 0) && (options.from?.token !== undefined || options.from?.offset !== undefined);
    const from = resumesInParent ? options.from : { pageIndex };
    const path = entry.path.replace(`{${param}}`, encodeURIComponent(parentId));
    for await (const page of paginate(http, entry, { from, path, query: options.query, signal: options.signal })) {
      pageIndex = page.index + 1;
      const lastParent = p === parents.length - 1;
      const next: SourceCursor | null = page.next ? { ...page.next, parent: p } : lastParent ? null : { pageIndex, parent: p + 1 };
      yield { index: page.index, rows: (page.rows as Record<string, unknown>[]).map((row) => ({ ...row, [into]: parentId })), next };
    }
  }
}
