import { PrismCount } from '../iru/schemas/prism.js';
import { deniedRouteName, endpoint, pagesToRead, type IruHttp } from '../iru/index.js';
import type { SourceOutcome } from '../store/index.js';
import type { EstimateBasis } from '../temporal-contract.js';
import { cheaperPath } from './cheaper-path.js';

export interface SourceEstimate {
  name: string;
  /** The endpoint the plan reads it through, when not its own (the cheaper path the previous run's counts show). */
  via?: string;
  requests: number;
  basis: EstimateBasis;
}

export interface CostEstimate {
  requests: number;
  /** Requests spent on counting (only when there is no previous run to learn from). */
  probeRequests: number;
  sources: SourceEstimate[];
}

/** What probes told about a source before a collection reads it. The planner knows counts; a diagnosis probes every endpoint and knows more. */
export type SourceKnowledge =
  | { rows: number }
  /** A per-parent source: the parents it is read for, and the rows of the parents' lists that were probed. */
  | { parents: number; sampledRows: number[] }
  /** Its own endpoint refuses it; `route` when its denied route reads the signal instead, with the rows of the route's endpoint if counted. */
  | { refused: true; route?: { rows?: number } }
  | { nothingToRead: true };

export interface PlanEstimate {
  requests: number;
  sources: SourceEstimate[];
}

/**
 * The requests one collection of `sources` costs, and the path it reads each through: the one function behind the
 * planner's estimate and `diagnose`'s. The previous run's pages first (with the refused request of a source it read
 * through its denied route), then what probes told, else one request per source.
 */
export function estimatePlan(sources: readonly string[], previous: SourceOutcome[] | undefined, knowledge: ReadonlyMap<string, SourceKnowledge>): PlanEstimate {
  const estimates = sources.map((name): SourceEstimate => {
    const choice = cheaperPath(name, previous);
    if (choice.via !== name) return { name, via: choice.via, requests: choice.costs[choice.via]!, basis: 'previous-run' };
    const last = previous?.find((s) => s.name === name && s.status === 'succeeded');
    if (last) return { name, requests: previousRunCost(name, last), basis: 'previous-run' };
    return { name, ...fromKnowledge(name, knowledge.get(name)) };
  });
  return { requests: estimates.reduce((sum, s) => sum + s.requests, 0), sources: estimates };
}

function fromKnowledge(name: string, known: SourceKnowledge | undefined): Pick<SourceEstimate, 'requests' | 'basis'> {
  const entry = endpoint(name);
  if (!known) return { requests: 1, basis: 'minimum' };
  if ('rows' in known) return { requests: pagesToRead(entry, known.rows), basis: 'count' };
  if ('nothingToRead' in known) return { requests: 0, basis: 'nothing-to-read' };
  if ('refused' in known) {
    const route = entry.onDenied;
    if (!route || !known.route) return { requests: 1, basis: 'refused' };
    const routePages = known.route.rows === undefined ? 0 : pagesToRead(endpoint(route.endpoint), known.route.rows);
    return { requests: 1 + Math.max(route.filter.values.length, routePages), basis: 'denied-route' };
  }
  if (known.parents === 0) return { requests: 0, basis: 'nothing-to-read' };
  if (!known.sampledRows.length) return { requests: 1, basis: 'minimum' };
  const meanPages = known.sampledRows.reduce((sum, rows) => sum + pagesToRead(entry, rows), 0) / known.sampledRows.length;
  return { requests: Math.max(1, Math.round(meanPages * known.parents)), basis: known.sampledRows.length >= known.parents ? 'count' : 'sample' };
}

/** Sources the planner counts before collecting (one request each): those without a previous run to learn from, whose API can count. */
export function countedSources(sources: readonly string[], previous: SourceOutcome[] | undefined): string[] {
  return sources.filter((name) => !previous?.some((s) => s.name === name && s.status === 'succeeded') && canCount(name));
}

/**
 * Requests one collection will cost: counts the sources without a previous run (X-Total-Count of /devices, Prism's
 * /count), then `estimatePlan`.
 */
export async function estimateCost(http: IruHttp, sources: string[], previous: SourceOutcome[] | undefined, signal?: AbortSignal): Promise<CostEstimate> {
  const before = http.stats.requests;
  const knowledge = new Map<string, SourceKnowledge>();
  for (const name of countedSources(sources, previous)) {
    const rows = await countRows(http, name, signal).catch(() => undefined);
    if (rows !== undefined) knowledge.set(name, { rows });
  }
  return { ...estimatePlan(sources, previous, knowledge), probeRequests: http.stats.requests - before };
}

/**
 * What a source cost at the previous run: its pages; read through its denied route, the refused request on its own
 * endpoint (asked again every run, so a restored permission is used at once) and the route's lists, one or more
 * pages per filter value.
 */
function previousRunCost(name: string, last: SourceOutcome): number {
  const route = endpoint(name).onDenied;
  if (route && last.via === deniedRouteName(route)) return 1 + Math.max(route.filter.values.length, last.pages);
  return Math.max(1, last.pages);
}

function canCount(name: string): boolean {
  const { pagination } = endpoint(name);
  return pagination === 'offset-array' || pagination === 'prism-offset';
}

async function countRows(http: IruHttp, name: string, signal?: AbortSignal): Promise<number | undefined> {
  const entry = endpoint(name);
  if (entry.pagination === 'offset-array') {
    return http.get(
      http.url(entry.path, { limit: 1 }),
      (response) => {
        const total = Number(response.headers['x-total-count']);
        return Number.isFinite(total) ? total : undefined;
      },
      signal,
    );
  }
  const category = entry.path.split('/').pop()!;
  return http.get(http.url('/api/v1/prism/count', { category }), (response) => PrismCount.parse(response.body).count, signal);
}
