/**
 * What the next collection costs: the plan the collector would make from what the probe saw (the planner's own
 * function, `estimatePlan`, with no previous run: the same paths, no fallback it would not take), plus the counts the
 * planner sends first; against the hourly budget (quota x share) and what the tenant has left this hour
 * (X-RateLimit-Remaining-Hour), with the expected duration at the limiter's pace.
 */
import { countedSources, estimatePlan, type SourceKnowledge } from '../collector/cost-estimate.js';
import { SOURCE_NAMES, type BudgetOptions } from '../iru/index.js';
import { formatDuration } from './duration.js';
import { listRows, type EndpointProbe } from './probe.js';
import type { ObservedRateLimit } from './probe-http.js';
import type { CostEstimate, RowsBasis, SourceCost } from './types.js';

export interface CostInputs {
  probes: EndpointProbe[];
  rateLimit: ObservedRateLimit;
  budget: BudgetOptions;
  meanLatencyMs: number | undefined;
}

export function estimateCost({ probes, rateLimit, budget, meanLatencyMs }: CostInputs): CostEstimate {
  const byName = new Map(probes.map((p) => [p.name, p]));
  const planned = SOURCE_NAMES.filter((name) => byName.has(name));
  const knowledge = new Map(planned.flatMap((name) => knowledgeOf(byName.get(name)!, byName) ?? []).map((k) => [k.name, k.known]));
  const plan = estimatePlan(planned, undefined, knowledge);
  const sources = plan.sources.map((s): SourceCost => ({
    source: s.name,
    via: s.via ?? s.name,
    ...rowsOf(byName.get(s.name)!),
    requests: s.requests,
    basis: s.basis,
  }));
  const planningRequests = countedSources(planned, undefined).length;
  const requests = plan.requests + planningRequests;
  const lowerBound = sources.some((s) => s.basis === 'minimum');

  const hourlyBudget = Math.max(1, Math.floor(budget.hourlyQuota * budget.share));
  const remainingThisHour = rateLimit.remainingHour;
  const availableNow = Math.min(hourlyBudget, remainingThisHour ?? hourlyBudget);
  const latencyBound = meanLatencyMs && meanLatencyMs > 0 ? (budget.maxConcurrent * 1000) / meanLatencyMs : Infinity;
  const requestsPerSecond = round2(Math.min(budget.perSecond, latencyBound));
  const windows = requests > availableNow ? Math.ceil((requests - availableNow) / hourlyBudget) : 0;
  const expectedDurationSeconds = Math.round(windows * (budget.windowMs / 1000) + requests / requestsPerSecond);

  const estimate: Omit<CostEstimate, 'message'> = {
    sources,
    requests,
    planningRequests,
    lowerBound,
    hourlyQuota: budget.hourlyQuota,
    share: budget.share,
    hourlyBudget,
    remainingThisHour,
    limitThisHour: rateLimit.limitHour,
    availableNow,
    requestsPerSecond,
    expectedDurationSeconds,
    waitsForNextWindow: windows > 0,
  };
  return { ...estimate, message: costMessage(estimate) };
}

/** What the probe of a source tells the planner's estimate; undefined when it tells nothing (not asked, rate limited). */
function knowledgeOf(probe: EndpointProbe, byName: ReadonlyMap<string, EndpointProbe>): { name: string; known: SourceKnowledge } | undefined {
  const known = ((): SourceKnowledge | undefined => {
    if (probe.outcome === 'skipped') return probe.nothingToRead || parentRefused(probe, byName) ? { nothingToRead: true } : undefined;
    if (probe.outcome === 'error') {
      if (probe.error!.status === 429 || probe.error!.status === 0) return undefined;
      const route = probe.entry.onDenied;
      const routeProbe = route && byName.get(route.endpoint);
      // The collector takes the denied route on a 403 only.
      if (probe.error!.status === 403 && routeProbe?.outcome === 'ok') return { refused: true, route: { rows: listRows(routeProbe) ?? undefined } };
      return { refused: true };
    }
    if (probe.perParent) return { parents: probe.perParent.parents, sampledRows: probe.perParent.sampledRows };
    const rows = listRows(probe);
    return rows === null ? undefined : { rows };
  })();
  return known && { name: probe.name, known };
}

/** A per-parent source not probed because its parent refused: the collector reads nothing of it either. */
function parentRefused(probe: EndpointProbe, byName: ReadonlyMap<string, EndpointProbe>): boolean {
  const parent = probe.entry.expand && byName.get(probe.entry.expand.from);
  return parent !== undefined && (parent.outcome === 'error' ? ![0, 429].includes(parent.error!.status) : parentRefused(parent, byName));
}

/** The rows behind a source's estimate, for people. */
function rowsOf(probe: EndpointProbe): Pick<SourceCost, 'rows' | 'rowsBasis' | 'parents'> {
  if (probe.outcome === 'error') return { rows: null, rowsBasis: 'not_collected', parents: null };
  if (probe.nothingToRead) return { rows: 0, rowsBasis: 'no_parents', parents: 0 };
  if (probe.outcome === 'skipped') return { rows: null, rowsBasis: 'unknown', parents: null };
  if (probe.perParent) {
    const { parents, exact, sampledRows } = probe.perParent;
    if (!sampledRows.length) return { rows: null, rowsBasis: 'unknown', parents };
    const rows =
      exact && sampledRows.length === parents
        ? sampledRows.reduce((a, b) => a + b, 0)
        : Math.round((sampledRows.reduce((a, b) => a + b, 0) / sampledRows.length) * parents);
    return { rows, rowsBasis: exact && sampledRows.length === parents ? 'reported_total' : 'extrapolated', parents };
  }
  const rows = listRows(probe);
  const rowsBasis: RowsBasis =
    rows === null ? 'unknown' : probe.total === null ? 'single_page' : probe.totalFrom === 'prism_count' ? 'prism_count' : 'reported_total';
  return { rows, rowsBasis, parents: null };
}

function costMessage(c: Omit<CostEstimate, 'message'>): string {
  const needs = `One full collection needs about ${c.requests}${c.lowerBound ? ' or more' : ''} requests`;
  const share = `${Math.round(c.share * 100)}% of the tenant's ${c.hourlyQuota} per hour`;
  const duration = `expected duration about ${formatDuration(c.expectedDurationSeconds * 1000)}`;
  if (!c.waitsForNextWindow) {
    return `${needs}: ${Math.max(1, Math.round((c.requests / c.hourlyBudget) * 100))}% of the hourly budget of ${c.hourlyBudget} (${share}); ${duration}.`;
  }
  if (c.remainingThisHour !== null && c.remainingThisHour < c.hourlyBudget) {
    return (
      `${needs}, but the tenant has only ${c.remainingThisHour} requests left this hour (X-RateLimit-Remaining-Hour; the quota is shared ` +
      `with its other API clients): the collection will pause until the hourly window resets; ${duration}.`
    );
  }
  return `${needs}, more than the hourly budget of ${c.hourlyBudget} (${share}): it spreads over several hourly windows; ${duration}.`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
