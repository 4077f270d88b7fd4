import { isTenantLinkHost } from '../base-url.js';
import type { EndpointEntry } from '../catalog.js';
import { IruInvalidResponseError, IruRequestRefusedError, type RedactedRequest } from '../errors.js';
import type { IruHttp } from '../http.js';
import type { Page, PaginateOptions } from './types.js';
import { parseRows } from './validate.js';

const MAX_EMPTY_PAGES_IN_A_ROW = 5;

/**
 * An object with `results` and a `next` link (DRF limit/offset and page, the users and audit cursors, vulnerability
 * `after`). A link is followed only when it keeps the list's path and changes only the query: on the list's own origin,
 * or on one of the tenant's Iru hosts (the real API answers with web-host links), and then re-based on the base URL.
 * Any other link fails the page as an invalid response, before a request is sent to it.
 */
export async function* paginateNextLink<Row>(http: IruHttp, entry: EndpointEntry<Row>, options: PaginateOptions): AsyncGenerator<Page<Row>> {
  const size = Math.min(options.pageSize ?? entry.maxPageSize, entry.maxPageSize);
  const list = http.url(options.path ?? entry.path);
  let index = options.from?.pageIndex ?? 0;
  let url = options.from?.token
    ? resumeUrl(http, entry, list, options.from.token)
    : http.url(options.path ?? entry.path, { ...entry.firstQuery, ...(entry.pageSizeParam ? { [entry.pageSizeParam]: size } : {}), ...options.query });
  let emptyInARow = 0;
  for (;;) {
    const { rows, nextUrl, request } = await http.get(
      url,
      (response) => {
        const body = response.body as { results?: unknown; next?: unknown } | null;
        if (!body || typeof body !== 'object' || !Array.isArray(body.results)) {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'results', message: 'expected an object with a results array' }]);
        }
        if (body.next !== null && body.next !== undefined && typeof body.next !== 'string') {
          throw new IruInvalidResponseError(response.request, response.status, [{ path: 'next', message: 'expected a link or null' }]);
        }
        const rows = parseRows(entry.row, body.results, response.request, response.status);
        return { rows, request: response.request, nextUrl: body.next ? followable(http, entry, list, body.next, response.request, response.status) : null };
      },
      options.signal,
    );
    if (nextUrl) keepPageSize(nextUrl, entry, size);
    const cursor = nextUrl ? { pageIndex: index + 1, token: `${apiPathOf(http, nextUrl)}${nextUrl.search}` } : null;
    yield { index, rows, next: cursor };
    if (!nextUrl) return;
    // An empty page does not end a list whose `next` says more follows (../shared/reference/iru-api-observed.md, Paging);
    // a server that keeps answering empty pages with a next link is refused rather than followed for ever.
    emptyInARow = rows.length === 0 ? emptyInARow + 1 : 0;
    if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
      throw new IruInvalidResponseError(request, 200, [
        { path: 'next', message: `the ${entry.name} list answered ${emptyInARow} empty pages in a row, each with a next link` },
      ]);
    }
    index += 1;
    url = nextUrl;
  }
}

/**
 * The list's URL with the query of `link`, when `link` keeps the list's path: on the list's own origin with the same
 * path, or on one of the tenant's Iru hosts with the same API path. The message names the list, never the link (a
 * hostile server could put anything in it).
 */
function followable(http: IruHttp, entry: EndpointEntry, list: URL, link: string, request: RedactedRequest, status: number): URL {
  const refuse = (why: string) =>
    new IruInvalidResponseError(request, status, [
      { path: 'next', message: `the ${entry.name} list's next link ${why}; a next link may change only the query of ${apiPathOf(http, list)}` },
    ]);
  let parsed: URL;
  try {
    parsed = new URL(link, list);
  } catch {
    throw refuse('is not a URL');
  }
  const sameOrigin = parsed.origin === list.origin && !parsed.username && !parsed.password;
  if (!sameOrigin && !isTenantLinkHost(parsed, http.baseUrl)) throw refuse("points at another scheme, host or port than the list's");
  if (withoutTrailingSlash(parsed.pathname) !== withoutTrailingSlash(sameOrigin ? list.pathname : apiPathOf(http, list))) {
    throw refuse("changes the list's path");
  }
  const next = new URL(list);
  next.search = parsed.search;
  return next;
}

/** ADE device links end in a slash the list's own path lacks (`/ade/<id>/devices/?page=2`, Kandji's published example): the same list. */
function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The real `/users` next link carries only `cursor`: without the page size again, every later page is 25 rows. */
function keepPageSize(url: URL, entry: EndpointEntry, size: number): URL {
  if (entry.pageSizeParam && !url.searchParams.has(entry.pageSizeParam)) url.searchParams.set(entry.pageSizeParam, String(size));
  return url;
}

/** A resume token is a followed link's API path and query: it too must keep the list's path. */
function resumeUrl(http: IruHttp, entry: EndpointEntry, list: URL, token: string): URL {
  const at = token.indexOf('?');
  const url = http.url(at < 0 ? token : token.slice(0, at));
  if (url.origin !== list.origin || url.pathname !== list.pathname) {
    throw new IruRequestRefusedError({ method: 'GET', url: list.pathname }, `the resume cursor of the ${entry.name} list does not keep the list's path`);
  }
  url.search = at < 0 ? '' : token.slice(at);
  return url;
}

/** The API path of a URL under the base URL (without a proxy prefix), for a JSON-safe resume token. */
function apiPathOf(http: IruHttp, url: URL): string {
  const prefix = http.baseUrl.pathname.replace(/\/+$/, '');
  return prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
}
