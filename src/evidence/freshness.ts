import { notEvaluable, type Evaluation } from './evaluation.js';

const MS_PER_DAY = 86_400_000;

/** Days (with fractions) from an ISO instant to `now`, negative for a future instant; null when the instant is unknown. */
export function ageInDays(iso: string | null, now: Date): number | null {
  return iso === null ? null : (now.getTime() - Date.parse(iso)) / MS_PER_DAY;
}

/** True when the instant is known and no more than `maxDays` before `now`. */
export function isWithinDays(iso: string | null, now: Date, maxDays: number): boolean {
  const age = ageInDays(iso, now);
  return age !== null && age <= maxDays;
}

/** Not evaluable when a signal has no observation time (missing_data) or is older than `maxDays` (stale). */
export function signalGap(observedAt: string | null, now: Date, maxDays: number): Evaluation | undefined {
  if (observedAt === null) return notEvaluable('missing_data');
  return isWithinDays(observedAt, now, maxDays) ? undefined : notEvaluable('stale');
}
