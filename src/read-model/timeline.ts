import type { RunRecord } from '../store/index.js';
import { DAY_MS, dayString, type AuditPeriod } from './audit-period.js';

export type DayState = 'fresh' | 'partial' | 'gap' | 'future';
/** Why evidence was missing: a run happened and did not produce it, it expired that day, or nothing ran. */
export type GapCause = 'failed_run' | 'expired' | 'no_run';

export interface TimelineDay {
  day: string;
  state: DayState;
  /** Hours of the day (up to now) covered by valid evidence. */
  freshHours: number;
  cause?: GapCause;
  detail?: string;
}

export interface TimelineRow {
  /** An artifact type, or "all" for the row combining every type. */
  label: string;
  days: TimelineDay[];
  freshDays: number;
  partialDays: number;
  gapDays: number;
}

export interface ValidityInterval {
  type: string;
  collectedAt: string;
  expiresAt: string;
}

interface Span {
  start: number;
  end: number;
}

/**
 * Per artifact type and per UTC day of the period: was valid evidence (collected, not yet expired) there all day,
 * part of the day, or not at all, and why not. The last row combines the types: fresh only when all of them were.
 */
export function freshnessTimeline(period: AuditPeriod, types: string[], versions: ValidityInterval[], runs: RunRecord[], now: Date): TimelineRow[] {
  const rows = types.map((type) => {
    const own = versions.filter((v) => v.type === type);
    const covered = mergeSpans(own.map((v) => ({ start: Date.parse(v.collectedAt), end: Date.parse(v.expiresAt) })));
    const expiries = own.map((v) => Date.parse(v.expiresAt));
    return row(
      type,
      eachDay(period, now, (day) => judgeDay(day, type, covered, expiries, runs)),
    );
  });
  return types.length > 1 ? [...rows, combine(rows)] : rows;
}

function judgeDay(day: Span, type: string, covered: Span[], expiries: number[], runs: RunRecord[]): Omit<TimelineDay, 'day'> {
  const coveredMs = covered.reduce((sum, span) => sum + overlap(span, day), 0);
  const freshHours = round1(coveredMs / 3_600_000);
  if (coveredMs >= day.end - day.start) return { state: 'fresh', freshHours };
  const state: DayState = coveredMs > 0 ? 'partial' : 'gap';
  const uncovered = subtract(day, covered);
  const within = (t: number) => uncovered.some((span) => t >= span.start && t < span.end);
  const failed = runs.find((run) => run.status !== 'running' && within(Date.parse(run.startedAt)) && !produced(run, type));
  if (failed) return { state, freshHours, cause: 'failed_run', detail: failedRunDetail(failed, type) };
  const expiry = expiries.filter((t) => t >= day.start && t < day.end && within(t)).sort((a, b) => a - b)[0];
  if (expiry !== undefined)
    return { state, freshHours, cause: 'expired', detail: `the ${type} evidence expired at ${new Date(expiry).toISOString()} and no run replaced it` };
  return { state, freshHours, cause: 'no_run', detail: `no collection ran while the ${type} evidence was missing` };
}

function produced(run: RunRecord, type: string): boolean {
  return run.status !== 'failed' && (run.summary?.artifacts ?? []).some((a) => a.type === type);
}

function failedRunDetail(run: RunRecord, type: string): string {
  const summary = run.summary;
  const notEvaluable = summary?.notEvaluable.find((n) => n.type === type);
  const why = notEvaluable ? `${type} not evaluable (${notEvaluable.reason})` : summary?.error ? summary.error.message : `no ${type} evidence produced`;
  return `run ${run.id} (${run.status}) at ${run.startedAt}: ${why}`;
}

function combine(rows: TimelineRow[]): TimelineRow {
  const days = rows[0]!.days.map((first, i) => {
    const all = rows.map((r) => r.days[i]!);
    if (first.state === 'future') return first;
    const fresh = all.filter((d) => d.state === 'fresh').length;
    const worst = all.find((d) => d.state !== 'fresh');
    const state: DayState = fresh === all.length ? 'fresh' : all.some((d) => d.state !== 'gap') ? 'partial' : 'gap';
    const freshHours = Math.min(...all.map((d) => d.freshHours));
    return worst
      ? { day: first.day, state, freshHours, cause: worst.cause!, detail: `${fresh} of ${all.length} types fresh; ${worst.detail}` }
      : { day: first.day, state, freshHours };
  });
  return row('all', days);
}

function row(label: string, days: TimelineDay[]): TimelineRow {
  const count = (state: DayState) => days.filter((d) => d.state === state).length;
  return { label, days, freshDays: count('fresh'), partialDays: count('partial'), gapDays: count('gap') };
}

/** Days at or after `now` are 'future'; today is judged up to now. */
function eachDay(period: AuditPeriod, now: Date, judge: (day: Span) => Omit<TimelineDay, 'day'>): TimelineDay[] {
  const days: TimelineDay[] = [];
  for (let start = period.start.getTime(); start < period.end.getTime(); start += DAY_MS) {
    const day = dayString(new Date(start));
    if (start >= now.getTime()) days.push({ day, state: 'future', freshHours: 0 });
    else days.push({ day, ...judge({ start, end: Math.min(start + DAY_MS, now.getTime()) }) });
  }
  return days;
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** The parts of `day` not covered by the merged, sorted `covered` spans. */
function subtract(day: Span, covered: Span[]): Span[] {
  const gaps: Span[] = [];
  let cursor = day.start;
  for (const span of covered) {
    if (span.end <= cursor || span.start >= day.end) continue;
    if (span.start > cursor) gaps.push({ start: cursor, end: span.start });
    cursor = Math.max(cursor, span.end);
  }
  if (cursor < day.end) gaps.push({ start: cursor, end: day.end });
  return gaps;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
