import { DAY_MS } from './audit-period.js';
import type { DayState, GapCause, TimelineRow } from './timeline.js';

export type BucketUnit = 'day' | 'week' | 'month';

/** Periods up to this many days are drawn one cell per day; up to WEEKLY_MAX_DAYS one per ISO week; longer, one per month. */
export const DAILY_MAX_DAYS = 62;
export const WEEKLY_MAX_DAYS = 200;

export interface TimelineBucket {
  /** The day (2026-03-02), the ISO week (2026-W10) or the month (2026-03). */
  key: string;
  /** First and last day of the bucket inside the period (a bucket at either end may be cut short). */
  from: string;
  to: string;
  /** The worst state of its days: gap, then partial, then fresh; future only when every day is. */
  state: DayState;
  days: Record<DayState, number>;
  /** Causes of its partial and gap days. */
  causes: Record<GapCause, number>;
}

export interface BucketedRow {
  label: string;
  buckets: TimelineBucket[];
}

export interface BucketedTimeline {
  unit: BucketUnit;
  rows: BucketedRow[];
}

export function bucketUnit(days: number): BucketUnit {
  if (days <= DAILY_MAX_DAYS) return 'day';
  return days <= WEEKLY_MAX_DAYS ? 'week' : 'month';
}

/** The timeline's days grouped into days, ISO weeks or calendar months (UTC) by the period's length. */
export function bucketTimeline(rows: TimelineRow[]): BucketedTimeline {
  const unit = bucketUnit(rows[0]?.days.length ?? 0);
  return { unit, rows: rows.map((row) => ({ label: row.label, buckets: bucketRow(row, unit) })) };
}

function bucketRow(row: TimelineRow, unit: BucketUnit): TimelineBucket[] {
  const buckets: TimelineBucket[] = [];
  for (const day of row.days) {
    const key = bucketKey(day.day, unit);
    let bucket = buckets[buckets.length - 1];
    if (bucket?.key !== key) {
      bucket = {
        key,
        from: day.day,
        to: day.day,
        state: 'future',
        days: { fresh: 0, partial: 0, gap: 0, future: 0 },
        causes: { failed_run: 0, expired: 0, no_run: 0 },
      };
      buckets.push(bucket);
    }
    bucket.to = day.day;
    bucket.days[day.state] += 1;
    if (day.state === 'partial' || day.state === 'gap') bucket.causes[day.cause ?? 'no_run'] += 1;
    bucket.state = worse(bucket.state, day.state);
  }
  return buckets;
}

const SEVERITY: Record<DayState, number> = { future: 0, fresh: 1, partial: 2, gap: 3 };

function worse(a: DayState, b: DayState): DayState {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

function bucketKey(day: string, unit: BucketUnit): string {
  if (unit === 'day') return day;
  if (unit === 'month') return day.slice(0, 7);
  return isoWeek(day);
}

/** The ISO 8601 week of a UTC day, as 2026-W01: weeks start on Monday and belong to the year of their Thursday. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
