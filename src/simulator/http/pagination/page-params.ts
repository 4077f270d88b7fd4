/** Query parameter parsing shared by the pagination styles (DRF semantics: bad values fall back, big ones are capped). */

import type { ListRoute } from '../route-types.js';

function parseNonNegativeInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A positive page size, defaulted when absent/invalid/zero and silently capped at the maximum. */
export function pageSize(query: URLSearchParams, param: string, route: ListRoute): number {
  const value = parseNonNegativeInt(query.get(param));
  if (value === undefined || value === 0) return route.defaultPageSize;
  return Math.min(value, route.maxPageSize);
}

export function offsetParam(query: URLSearchParams, param = 'offset'): number {
  return parseNonNegativeInt(query.get(param)) ?? 0;
}

export function pageNumber(query: URLSearchParams): number | undefined {
  const raw = query.get('page');
  if (raw === null) return 1;
  const value = parseNonNegativeInt(raw);
  return value === undefined || value === 0 ? undefined : value;
}
