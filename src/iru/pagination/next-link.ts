import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError } from '../errors.js';
import type { IruHttp } from '../http.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

/**
 * An object with `results` and a `next` link (DRF limit/offset and page, the users and audit cursors, vulnerability
 * `after`). The link is followed re-based on the configured base URL: the real API answers with web-host links.
 */
export async function* paginateNextLink<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const size = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  let index = options.from?.pageIndex ?? 0;
  let url = options.from?.token
    ? resumeUrl(http, options.from.token)
    : http.url(options.path ?? entry.path, { ...entry.firstQuery, ...(entry.pageSizeParam ? { [entry.pageSizeParam]: size } : {}), ...options.query });
  for (;;) {
    const { rows, next } = await http.get(
      url,
      (response) => {
        const body = response.body as { results?: unknown; next?: unknown } | null;
        if (!body || typeof body !== 'object' || !Array.isArray(body.results)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'results', message: 'expected an object with a results array' }]);
        }
        if (body.next !== null && body.next !== undefined && typeof body.next !== 'string') {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'next', message: 'expected a link or null' }]);
        }
        return { rows: parseRows(entry.row, body.results, response.request, response.status), next: body.next || null };
      },
      options.signal,
    );
    const nextUrl = next ? keepPageSize(http.rebase(next), entry, size) : null;
    const cursor = nextUrl ? { pageIndex: index + 1, token: `${apiPathOf(http, nextUrl)}${nextUrl.search}` } : null;
    yield { index, rows, next: cursor };
    if (!nextUrl || rows.length === 0) return;
    index += 1;
    url = nextUrl;
  }
}

/** The real `/users` next link carries only `cursor`: without the page size again, every later page is 25 rows. */
function keepPageSize(url: URL, entry: EndpointEntry, size: number): URL {
  if (entry.pageSizeParam && !url.searchParams.has(entry.pageSizeParam)) url.searchParams.set(entry.pageSizeParam, String(size));
  return url;
}

function resumeUrl(http: IruHttp, token: string): URL {
  const [pathname, search] = token.split('?');
  const url = http.url(pathname!);
  url.search = search ? `?${search}` : '';
  return url;
}

/** The API path of a URL under the base URL (without a proxy prefix), for a JSON-safe resume token. */
function apiPathOf(http: IruHttp, url: URL): string {
  const prefix = http.baseUrl.pathname.replace(/\/+$/, '');
  return prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
}
