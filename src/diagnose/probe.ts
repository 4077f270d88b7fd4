/**
 * One minimal GET per catalog endpoint (page size 1, or the smallest page the endpoint allows), through the same
 * paginators the collector uses, so a shape the collector would reject shows up here too. A source that other sources
 * are read per row of is read at its largest page instead (the same one request), so that its ids are there to probe
 * them with; a per-parent source of the plan is probed for up to SAMPLED_PARENTS of its parents, spread over them, to
 * see how long their lists run. Nothing is retried: the probe costs at most `maxRequests`.
 */
import { ERROR_TYPES } from '../failures/index.js';
import { collectionPhases, endpoint, ENDPOINT_NAMES, IruError, paginate, SOURCE_NAMES, type EndpointEntry } from '../iru/index.js';
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
  /** The rows read, kept in memory only: the per-parent endpoints read through this one take their parent ids from them. */
  rows: Record<string, unknown>[];
  /** Every row of the endpoint was read: the ids in `rows` are all its per-parent endpoints will be read for. */
  readAll: boolean;
  /** A per-parent endpoint of the plan: how many parents it is read for (estimated unless `exact`), and each probed parent's rows. */
  perParent?: { parents: number; exact: boolean; sampledRows: number[] };
}

/** Parents a per-parent source is probed for: enough to see how long their lists run, few enough to keep the check cheap. */
export const SAMPLED_PARENTS = 10;

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
  const sampled = names.filter((n) => endpoint(n).expand && isPlanSource(n)).length;
  const maxRequests = names.length + names.filter((n) => isPrism(endpoint(n))).length + sampled * (SAMPLED_PARENTS - 1);
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
  if (!entry.expand) return probeList(http, entry, entry.path);
  const { from, param, key = 'id' } = entry.expand;
  const parent = results.get(from);
  if (!parent || parent.outcome !== 'ok') return notProbed(entry, `not probed: it needs a ${param} from ${from}, which could not be read`);
  const ids = [
    ...new Set(
      parent.rows
        .map((row) => row[key])
        .filter((id) => id !== undefined && id !== null)
        .map(String),
    ),
  ];
  if (!ids.length) return { ...notProbed(entry, `not probed: ${from} has no rows, so there is nothing to read per ${param}`), nothingToRead: true };
  const pathFor = (id: string) => entry.path.replace(`{${param}}`, encodeURIComponent(id));
  const [first, ...others] = isPlanSource(name) ? spread(ids, SAMPLED_PARENTS) : [ids[0]!];
  const head = await probeList(http, entry, pathFor(first!));
  if (head.outcome !== 'ok' || !isPlanSource(name)) return head;
  const rest = (await Promise.all(others.map((id) => probeList(http, entry, pathFor(id))))).filter((p) => p.outcome === 'ok');
  const lists = [head, ...rest];
  const sampledRows = lists.map(listRows).filter((rows): rows is number => rows !== null);
  const exact = idsComplete(parent) && lists.length === ids.length;
  return {
    ...head,
    rows: lists.flatMap((l) => l.rows),
    readAll: exact && lists.every((l) => l.readAll),
    perParent: { parents: idsComplete(parent) ? ids.length : estimatedIds(parent, ids.length), exact, sampledRows },
  };
}

/** One page of one list: the largest page when other sources are read per row of it, else the smallest. */
async function probeList(http: ProbeHttp, entry: EndpointEntry, path: string): Promise<EndpointProbe> {
  const pageSize = isParentOfPlanSource(entry.name) ? entry.maxPageSize : 1;
  const pages = paginate(http, entry, { pageSize, path });
  try {
    const { value: page } = await pages.next();
    if (!page) throw new Error(`the ${entry.pagination} paginator returned no page`);
    const total = page.total ?? reportedCount(http, http.url(path).pathname);
    return {
      ...base(entry, path),
      outcome: 'ok',
      rowsOnPage: page.rows.length,
      hasMore: page.next !== null,
      total: total ?? null,
      totalFrom: total === undefined ? null : 'response',
      rows: (page.rows as Record<string, unknown>[]).slice(0, pageSize),
      readAll: page.next === null,
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

/** Rows of a probed list: its reported total, or the page when it was the only one; null when unknown. */
export function listRows(probe: EndpointProbe): number | null {
  return probe.total ?? (probe.hasMore ? null : probe.rowsOnPage);
}

/** Every id the endpoint's per-parent sources will be read for is in its probed rows. */
function idsComplete(probe: EndpointProbe): boolean {
  return probe.readAll && (probe.perParent?.exact ?? true);
}

/** Distinct ids over all of a partly read endpoint's rows: those seen, scaled from the rows seen to the rows it has. */
function estimatedIds(probe: EndpointProbe, seen: number): number {
  const all = probe.perParent ? meanOf(probe.perParent.sampledRows) * probe.perParent.parents : listRows(probe);
  if (all === null || !probe.rows.length) return seen;
  return Math.max(seen, Math.round((seen / probe.rows.length) * all));
}

function meanOf(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** Up to `k` of `items`, spread evenly from the first (the order the API lists them in). */
function spread<T>(items: T[], k: number): T[] {
  if (items.length <= k) return items;
  return Array.from({ length: k }, (_, i) => items[Math.floor((i * items.length) / k)]!);
}

/** A source the collector reads (not only another path to one). */
function isPlanSource(name: string): boolean {
  return (SOURCE_NAMES as readonly string[]).includes(name);
}

function isParentOfPlanSource(name: string): boolean {
  return SOURCE_NAMES.some((source) => endpoint(source).expand?.from === name);
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
  return { name: entry.name, entry, probedPath: path, rowsOnPage: 0, hasMore: false, total: null, totalFrom: null, rows: [], readAll: false };
}

/** An endpoint that was not asked, and why. */
export function notProbed(entry: EndpointEntry, reason: string): EndpointProbe {
  return { ...base(entry, entry.path), probedPath: null, outcome: 'skipped', skippedReason: reason };
}

function isTransport(error: IruError): boolean {
  return error.code === ERROR_TYPES.networkError || error.code === ERROR_TYPES.timeout;
}
