/**
 * GET /audit/events rows: the events of the year up to the tenant's clock ("History goes back a year"), which
 * `start_date`/`end_date` narrow to a contiguous index range of the time-ordered timeline (binary search); `sort_by`
 * (occurred_at or id, `-` = descending) picks the direction. Default order: ascending.
 */

import { HISTORY_DAYS } from '../fleet/audit-events.js';
import { MICROS_PER_DAY, isoZ, parseMicros } from '../fleet/time.js';
import { ApiError } from '../http/api-error.js';
import type { RouteContext, RowSet } from '../http/route-types.js';
import { auditEventDoc } from '../api/people-shapes.js';

const SORTS = new Set(['occurred_at', '-occurred_at', 'id', '-id']);

function dateParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw;
  const instant = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  try {
    parseMicros(instant);
    return instant;
  } catch {
    throw ApiError.detail(400, `Invalid ${name}: ${raw}`);
  }
}

export function auditRows(context: RouteContext): RowSet {
  const { fleet, query, clockMicros } = context;
  const sort = query.get('sort_by') ?? 'occurred_at';
  if (!SORTS.has(sort)) throw ApiError.detail(400, `Invalid sort_by: ${sort}`);
  const start = dateParam(query, 'start_date');
  const end = dateParam(query, 'end_date');
  const kept = isoZ(clockMicros - HISTORY_DAYS * MICROS_PER_DAY);
  const first = fleet.auditEventIndexAtOrAfter(start === undefined || parseMicros(start) < parseMicros(kept) ? kept : start);
  // end_date is inclusive; nothing after the clock has happened yet.
  const last = end === undefined || parseMicros(end) > clockMicros ? isoZ(clockMicros) : end;
  const afterLast = fleet.auditEventIndexAtOrAfter(last, 1);
  const total = Math.max(0, afterLast - first);
  const descending = sort.startsWith('-');
  return {
    total,
    rows: (offset, limit) => {
      const out: unknown[] = [];
      for (let k = offset; k < Math.min(total, offset + limit); k++) {
        out.push(auditEventDoc(fleet.auditEvent(descending ? afterLast - 1 - k : first + k)));
      }
      return out;
    },
  };
}
