/**
 * GET /audit/events rows: `start_date`/`end_date` narrow the time-ordered events to a contiguous
 * index range (binary search); `sort_by` (occurred_at or id, `-` = descending) picks the direction.
 * Default order: ascending.
 */

import { parseMicros } from '../fleet/time.js';
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
  const { fleet, query } = context;
  const sort = query.get('sort_by') ?? 'occurred_at';
  if (!SORTS.has(sort)) throw ApiError.detail(400, `Invalid sort_by: ${sort}`);
  const start = dateParam(query, 'start_date');
  const end = dateParam(query, 'end_date');
  const first = start === undefined ? 0 : fleet.auditEventIndexAtOrAfter(start);
  // end_date is inclusive.
  const afterLast = end === undefined ? fleet.auditEventCount : fleet.auditEventIndexAtOrAfter(end, 1);
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
