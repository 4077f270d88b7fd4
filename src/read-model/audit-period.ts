import { BadInputError } from './errors.js';

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 731;

/** Whole UTC days, both ends included. */
export interface AuditPeriod {
  from: string;
  to: string;
  /** Start of `from`. */
  start: Date;
  /** End of `to` (exclusive): the start of the following day. */
  end: Date;
  days: number;
}

/**
 * The audit window from `from` and `to` (YYYY-MM-DD, UTC). Missing ends default to the DEFAULT_PERIOD_DAYS days
 * ending today; anything unreadable or inverted is refused with a message that says what to send.
 */
export function auditPeriod(from: string | undefined, to: string | undefined, now: Date): AuditPeriod {
  const toDay = to === undefined || to === '' ? startOfDay(now) : parseDay(to, 'to');
  const fromDay = from === undefined || from === '' ? new Date(toDay.getTime() - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS) : parseDay(from, 'from');
  if (fromDay > toDay)
    throw new BadInputError(`The period starts (${dayString(fromDay)}) after it ends (${dayString(toDay)}): "from" must be on or before "to"`);
  const days = Math.round((toDay.getTime() - fromDay.getTime()) / DAY_MS) + 1;
  if (days > MAX_PERIOD_DAYS) throw new BadInputError(`The period is ${days} days long; choose at most ${MAX_PERIOD_DAYS} days`);
  return { from: dayString(fromDay), to: dayString(toDay), start: fromDay, end: new Date(toDay.getTime() + DAY_MS), days };
}

/** Store filter bounds: versions valid at some moment of the period. */
export function periodBounds(period: AuditPeriod): { validFrom: string; validTo: string } {
  return { validFrom: period.start.toISOString(), validTo: new Date(period.end.getTime() - 1).toISOString() };
}

export function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function startOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

function parseDay(value: string, name: string): Date {
  const match = DAY.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || dayString(date) !== value) throw new BadInputError(`"${name}" must be a calendar date written YYYY-MM-DD (UTC), not "${value}"`);
  return date;
}

export { DAY_MS };
