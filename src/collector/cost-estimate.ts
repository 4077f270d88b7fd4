import { PrismCount } from '../iru/schemas/prism.js';
import { deniedRouteName, endpoint, pagesToRead, type IruHttp } from '../iru/index.js';
import type { SourceOutcome } from '../store/index.js';

export interface SourceEstimate {
  name: string;
  requests: number;
  /** previous-run: pages read last time; count: from the API's own count; minimum: one request, size unknown. */
  basis: 'previous-run' | 'count' | 'minimum';
}

export interface CostEstimate {
  requests: number;
  /** Requests spent on counting (only when there is no previous run to learn from). */
  probeRequests: number;
  sources: SourceEstimate[];
}

/**
 * Requests one collection will cost: the pages of the previous run when there is one (free; with the refused request
 * of a source the previous run read through its denied route), else the API's counts
 * (X-Total-Count of /devices, Prism's /count), else one request per source.
 */
export async function estimateCost(http: IruHttp, sources: string[], previous: SourceOutcome[] | undefined, signal?: AbortSignal): Promise<CostEstimate> {
  const before = http.stats.requests;
  const estimates: SourceEstimate[] = [];
  for (const name of sources) {
    const last = previous?.find((s) => s.name === name && s.status === 'succeeded');
    if (last) {
      estimates.push({ name, requests: previousRunCost(name, last), basis: 'previous-run' });
      continue;
    }
    const rows = await countRows(http, name, signal).catch(() => undefined);
    estimates.push(rows === undefined ? { name, requests: 1, basis: 'minimum' } : { name, requests: pagesToRead(endpoint(name), rows), basis: 'count' });
  }
  return { requests: estimates.reduce((sum, s) => sum + s.requests, 0), probeRequests: http.stats.requests - before, sources: estimates };
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
  if (entry.pagination === 'prism-offset') {
    const category = entry.path.split('/').pop()!;
    return http.get(http.url('/api/v1/prism/count', { category }), (response) => PrismCount.parse(response.body).count, signal);
  }
  return undefined;
}
