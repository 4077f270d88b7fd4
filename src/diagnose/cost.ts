/**
 * What one full collection costs, from the counts the probe saw: per source ceil(rows / max page size) (at least one
 * request), per-parent sources once per parent row, against the hourly budget (quota x share) and what the tenant has
 * left this hour (X-RateLimit-Remaining-Hour), with the expected duration at the limiter's pace.
 */
import { collectionPhases, pagesToRead, type BudgetOptions } from '../iru/index.js';
import { formatDuration } from './duration.js';
import type { EndpointProbe } from './probe.js';
import type { ObservedRateLimit } from './probe-http.js';
import type { CostEstimate, SourceCost } from './types.js';

export interface CostInputs {
  probes: EndpointProbe[];
  rateLimit: ObservedRateLimit;
  budget: BudgetOptions;
  meanLatencyMs: number | undefined;
}

export function estimateCost({ probes, rateLimit, budget, meanLatencyMs }: CostInputs): CostEstimate {
  const byName = new Map(probes.map((p) => [p.name, p]));
  const costs = new Map<string, SourceCost>();
  for (const name of collectionPhases(probes.map((p) => p.name)).flat()) {
    const probe = byName.get(name)!;
    const from = probe.entry.expand?.from;
    costs.set(name, from ? perParentCost(probe, costs.get(from)!) : sourceCost(probe));
  }
  const sources = probes.map((p) => costs.get(p.name)!);
  const requests = sources.reduce((sum, s) => sum + s.requests, 0);
  const lowerBound = sources.some((s) => s.rowsBasis === 'unknown');

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

function sourceCost(probe: EndpointProbe): SourceCost {
  const { entry } = probe;
  const base = { source: probe.name, parents: null };
  if (probe.outcome === 'skipped') return { ...base, rows: null, rowsBasis: 'unknown', requests: 1 };
  if (probe.outcome === 'error') return { ...base, rows: null, rowsBasis: 'not_collected', requests: 1 };
  const rows = probe.total ?? (probe.hasMore ? null : probe.rowsOnPage);
  if (rows === null) return { ...base, rows: null, rowsBasis: 'unknown', requests: pagesToRead(entry, probe.rowsOnPage + 1) };
  const rowsBasis = probe.total === null ? 'single_page' : probe.totalFrom === 'prism_count' ? 'prism_count' : 'reported_total';
  return { ...base, rows, rowsBasis, requests: pagesToRead(entry, rows) };
}

/** A per-parent source: its probed parent's rows stand for every parent's. */
function perParentCost(probe: EndpointProbe, parent: SourceCost): SourceCost {
  const base = { source: probe.name };
  if (parent.rowsBasis === 'not_collected') return { ...base, parents: null, rows: null, rowsBasis: 'not_collected', requests: 0 };
  if (probe.nothingToRead) return { ...base, parents: 0, rows: 0, rowsBasis: 'no_parents', requests: 0 };
  const one = sourceCost(probe);
  const parents = parent.rows;
  // A denied or failing per-parent source stops at its first parent.
  if (one.rowsBasis === 'not_collected') return { ...one, parents };
  if (parents === null) return { ...base, parents: null, rows: null, rowsBasis: 'unknown', requests: Math.max(1, one.requests) };
  const rowsBasis = one.rowsBasis === 'unknown' || parents <= 1 ? one.rowsBasis : 'extrapolated';
  return { ...base, parents, rows: one.rows === null ? null : one.rows * parents, rowsBasis, requests: one.requests * parents };
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
