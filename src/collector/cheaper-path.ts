import { endpoint, ENDPOINT_NAMES } from '../iru/index.js';
import type { SourceOutcome } from '../store/index.js';

export interface PathChoice {
  /** The endpoint that reads the source: the source's own, or an alternative from the catalog. */
  via: string;
  /** Requests each path is expected to cost, from the previous run's counts. */
  costs: Record<string, number>;
}

/**
 * Where a source can be read two ways (per library item, or per device), picks the one the previous run's counts say is
 * cheaper. Without a previous run the source's own endpoint is used: per item is the cheaper path for any fleet with
 * more devices than library items.
 */
export function cheaperPath(source: string, previous: SourceOutcome[] | undefined): PathChoice {
  const paths = [source, ...ENDPOINT_NAMES.filter((name) => endpoint(name).alternativeTo === source)];
  const costs: Record<string, number> = {};
  for (const path of paths) {
    const cost = expectedCost(path, source, previous);
    if (cost !== undefined) costs[path] = cost;
  }
  const known = Object.entries(costs);
  if (known.length < 2) return { via: source, costs };
  const [via] = known.reduce((best, candidate) => (candidate[1] < best[1] ? candidate : best));
  return { via, costs };
}

function expectedCost(path: string, source: string, previous: SourceOutcome[] | undefined): number | undefined {
  const used = previous?.find((s) => s.name === source && s.status === 'succeeded' && (s.via ?? source) === path);
  if (used) return Math.max(1, used.pages);
  const parent = endpoint(path).expand?.from;
  const parentRows = previous?.find((s) => s.name === parent && s.status === 'succeeded')?.records;
  return parentRows === undefined ? undefined : Math.max(1, parentRows);
}
