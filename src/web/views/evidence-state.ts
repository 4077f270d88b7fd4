import { emptyResultCounts, type ResultCounts } from '../../read-model/record-results.js';
import type { ArtifactSummaryView } from './artifact-summary.js';

export const EVIDENCE_STATES = ['fresh', 'due', 'stale', 'missing'] as const;
export type EvidenceState = (typeof EVIDENCE_STATES)[number];

export interface TypeState {
  type: string;
  state: EvidenceState;
}

export type StateTally = Record<EvidenceState, number>;

const WORST_FIRST: EvidenceState[] = ['missing', 'stale', 'due', 'fresh'];

/** A type's state over its current Artifacts (one per connection): the worst of them, or missing when there is none. */
export function typeState(type: string, current: ArtifactSummaryView[]): TypeState {
  const own = current.filter((a) => a.type === type);
  if (own.length === 0) return { type, state: 'missing' };
  const states = new Set(own.map((a) => a.freshness));
  return { type, state: WORST_FIRST.find((s) => states.has(s as never)) ?? 'fresh' };
}

export function tally(states: TypeState[]): StateTally {
  const counts = Object.fromEntries(EVIDENCE_STATES.map((state) => [state, 0])) as StateTally;
  for (const s of states) counts[s.state]++;
  return counts;
}

/** Results summed over Artifacts, or null when none of them evaluates anything. */
export function sumResults(artifacts: ArtifactSummaryView[]): ResultCounts | null {
  const withResults = artifacts.filter((a) => a.results);
  if (withResults.length === 0) return null;
  const sum = emptyResultCounts();
  for (const a of withResults) for (const key of Object.keys(sum) as (keyof ResultCounts)[]) sum[key] += a.results![key];
  return sum;
}

export function sumCoverage(artifacts: ArtifactSummaryView[]): { evaluated: number; total: number } {
  return artifacts.reduce((acc, a) => ({ evaluated: acc.evaluated + a.coverage.evaluated, total: acc.total + a.coverage.total }), { evaluated: 0, total: 0 });
}
