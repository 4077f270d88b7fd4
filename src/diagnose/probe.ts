/**
 * One minimal GET per catalog endpoint (page size 1, or the smallest page the endpoint allows), through the same
 * paginators the collector uses, so a shape the collector would reject shows up here too. Per-parent endpoints are
 * probed with the first id from their parent's probe. Nothing is retried: the probe costs at most one request per
 * endpoint, plus the Prism counts a first page did not carry.
 */
import { ERROR_TYPES } from '../failures/index.js';
import { collectionPhases, endpoint, ENDPOINT_NAMES, IruError, paginate, type EndpointEntry } from '../iru/index.js';
import { ZodError } from 'zod';
import { PrismCount } from '../iru/schemas/prism.js';
import { ProbeHalted, type ProbeHttp } from './probe-http.js';

export interface EndpointProbe {
  name: string;
  entry: EndpointEntry;
  /** The path requested, null when nothing was sent. */
  probedPath: string | null;
  outcome: 'ok' | 'error' | 'skipped';
  /** Set when outcome is 'error'. */
  error?: IruError;
  /** Set when outcome is 'skipped'. */
  skippedReason?: string;
  /** A skipped per-parent endpoint whose parent has no rows: nothing to read, not a problem. */
  nothingToRead?: boolean;
  rowsOnPage: number;
  /** More pages follow the probed one. */
  hasMore: boolean;
  /** The total the API reported (X-Total-Count, DRF count, Prism total, /prism/count), null when it reports none. */
  total: number | null;
  totalFrom: 'response' | 'prism_count' | null;
  /** The first row read, kept in memory only: a per-parent endpoint takes its parent id from it. */
  firstRow: Record<string, unknown> | null;
}

export interface CatalogProbe {
  probes: EndpointProbe[];
  /** The first request failed without an HTTP answer: the host is not reachable, nothing else was sent. */
  unreachable?: IruError;
  countRequests: number;
  maxRequests: number;
}

const PRISM_PREFIX = '/api/v1/prism/';
/** Prism categories: their first page may lack a total, which GET /prism/count?category= then gives. */
const isPrism = (entry: EndpointEntry) => entry.pagination === 'prism-offset' && entry.path.startsWith(PRISM_PREFIX);

export async function probeCatalog(http: ProbeHttp, names: readonly string[] = ENDPOINT_NAMES): Promise<CatalogProbe> {
  const phases = collectionPhases(names);
  const results = new Map<string, EndpointProbe>();
  const maxRequests = names.length + names.filter((n) => isPrism(endpoint(n))).length;
  const [first, ...rest] = phases.flat();
  if (!first) return { probes: [], countRequests: 0, maxRequests };

  const head = await probeOne(http, first, results);
  results.set(first, head);
  if (head.outcome === 'error' && head.error && isTransport(head.error)) {
    const reason = `not probed: ${head.error.message}`;
    for (const name of rest) results.set(name, notProbed(endpoint(name), reason));
    return { probes: names.map((n) => results.get(n)!), unreachable: head.error, countRequests: 0, maxRequests };
  }
  for (const phase of phases) {
    const todo = phase.filter((name) => !results.has(name));
    const done = await Promise.all(todo.map((name) => probeOne(http, name, results)));
    done.forEach((probe) => results.set(probe.name, probe));
  }
  const countRequests = await fillPrismCounts(http, [...results.values()]);
  return { probes: names.map((n) => results.get(n)!), countRequests, maxRequests };
}

export async function probeOne(http: ProbeHttp, name: string, results: ReadonlyMap<string, EndpointProbe>): Promise<EndpointProbe> {
  const entry = endpoint(name);
  let path = entry.path;
  if (entry.expand) {
    const { from, param, key = 'id' } = entry.expand;
    const parent = results.get(from);
    if (!parent || parent.outcome !== 'ok') return notProbed(entry, `not probed: it needs a ${param} from ${from}, which could not be read`);
    const parentId = parent.firstRow?.[key];
    if (parentId === undefined || parentId === null)
      return { ...notProbed(entry, `not probed: ${from} has no rows, so there is nothing to read per ${param}`), nothingToRead: true };
    path = entry.path.replace(`{${param}}`, encodeURIComponent(String(parentId)));
  }
  const pages = paginate(http, entry, { pageSize: 1, path });
  try {
    const { value: page } = await pages.next();
    if (!page) throw new Error(`the ${entry.pagination} paginator returned no page`);
    const firstRow = (page.rows[0] as Record<string, unknown> | undefined) ?? null;
    const total = page.total ?? reportedCount(http, http.url(path).pathname);
    return {
      ...base(entry, path),
      outcome: 'ok',
      rowsOnPage: page.rows.length,
      hasMore: page.next !== null,
      total: total ?? null,
      totalFrom: total === undefined ? null : 'response',
      firstRow,
    };
  } catch (error) {
    if (error instanceof ProbeHalted) return notProbed(entry, `not probed: ${error.message}`);
    if (!(error instanceof IruError)) throw error;
    if (error.code === ERROR_TYPES.rateLimited) http.halt(`the tenant's rate limit was reached during the probe (${error.message})`);
    return { ...base(entry, path), outcome: 'error', error };
  } finally {
    await pages.return(undefined);
  }
}

/** A total in the raw envelope the paginators do not surface: a DRF `count`, a `total` or `total_count`. */
function reportedCount(http: ProbeHttp, pathname: string): number | undefined {
  const body = http.responseFor(pathname)?.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const value = [record.count, record.total, record.total_count].find((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
  return value as number | undefined;
}

/** Prism pages may carry `total: null`; then GET /prism/count?category= tells (one request per such category). */
async function fillPrismCounts(http: ProbeHttp, probes: EndpointProbe[]): Promise<number> {
  const missing = probes.filter((p) => p.outcome === 'ok' && p.total === null && p.hasMore && isPrism(p.entry));
  const before = http.stats.requests;
  await Promise.all(
    missing.map(async (probe) => {
      const category = probe.entry.path.slice(PRISM_PREFIX.length);
      try {
        probe.total = await http.get(http.url(`${PRISM_PREFIX}count`, { category }), (r) => PrismCount.parse(r.body).count);
        probe.totalFrom = 'prism_count';
      } catch (error) {
        if (!(error instanceof IruError) && !(error instanceof ProbeHalted) && !(error instanceof ZodError)) throw error;
        // No count: the estimate for this source stays a lower bound.
      }
    }),
  );
  return http.stats.requests - before;
}

function base(entry: EndpointEntry, path: string): Omit<EndpointProbe, 'outcome'> {
  return { name: entry.name, entry, probedPath: path, rowsOnPage: 0, hasMore: false, total: null, totalFrom: null, firstRow: null };
}

/** An endpoint that was not asked, and why. */
export function notProbed(entry: EndpointEntry, reason: string): EndpointProbe {
  return { ...base(entry, entry.path), probedPath: null, outcome: 'skipped', skippedReason: reason };
}

function isTransport(error: IruError): boolean {
  return error.code === ERROR_TYPES.networkError || error.code === ERROR_TYPES.timeout;
}
