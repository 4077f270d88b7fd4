import { BadInputError } from '../../read-model/errors.js';
import { cellText } from '../../read-model/flatten-record.js';
import { recordPredicate, recordSearchText, type RecordFilter } from '../../read-model/record-filter.js';
import type { ResultValue } from '../../read-model/record-results.js';
import type { ArtifactRecords } from './records-cache.js';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export interface RecordsQuery extends RecordFilter {
  sort?: string;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface RecordsPage {
  total: number;
  matched: number;
  page: number;
  pageSize: number;
  pages: number;
  q: string;
  /** The result filter, null for every result. */
  result: ResultValue | null;
  sort: string | null;
  dir: 'asc' | 'desc';
  columns: string[];
  rows: Record<string, unknown>[];
}

/** One page of records passing the filter (`recordPredicate`: `q` in any field, the result), in the chosen order; never more than a page. */
export function queryRecords(data: ArtifactRecords, query: RecordsQuery): RecordsPage {
  if (query.sort !== undefined && !data.columns.includes(query.sort)) {
    throw new BadInputError(`Cannot sort by "${query.sort}": the records have the fields ${data.columns.join(', ')}`);
  }
  const order = query.sort === undefined ? undefined : sortOrder(data, query.sort);
  const keep = recordPredicate(query);
  const from = (query.page - 1) * query.pageSize;
  const n = data.records.length;
  const at = (k: number) => {
    const position = query.dir === 'desc' ? n - 1 - k : k;
    return order ? order[position]! : position;
  };
  const rows: Record<string, unknown>[] = [];
  let matched = 0;
  if (!keep) {
    matched = n;
    for (let k = from; k < Math.min(n, from + query.pageSize); k++) rows.push(data.records[at(k)]!);
  } else {
    for (let k = 0; k < n; k++) {
      const index = at(k);
      if (!keep(data.records[index]!, () => searchText(data, index))) continue;
      if (matched >= from && rows.length < query.pageSize) rows.push(data.records[index]!);
      matched++;
    }
  }
  const pages = Math.max(1, Math.ceil(matched / query.pageSize));
  if (query.page > pages) throw new BadInputError(`Page ${query.page} is past the last page (${pages}) of ${matched} matching records`);
  return {
    total: n,
    matched,
    page: query.page,
    pageSize: query.pageSize,
    pages,
    q: query.q,
    result: query.result ?? null,
    sort: query.sort ?? null,
    dir: query.dir,
    columns: data.columns,
    rows,
  };
}

function searchText(data: ArtifactRecords, index: number): string {
  data.searchText ??= data.records.map(recordSearchText);
  return data.searchText[index]!;
}

/** Ascending: numbers and booleans by value, then text case-insensitively, then empty values; ties keep document order. */
function sortOrder(data: ArtifactRecords, column: string): Uint32Array {
  const cached = data.sortOrders.get(column);
  if (cached) return cached;
  const keys = data.records.map((record) => sortKey(record[column]));
  const order = Uint32Array.from(keys.keys());
  order.sort((a, b) => compareKeys(keys[a]!, keys[b]!) || a - b);
  data.sortOrders.set(column, order);
  return order;
}

type SortKey = [rank: number, value: number | string];

function sortKey(value: unknown): SortKey {
  if (value === null || value === undefined || value === '') return [2, 0];
  if (typeof value === 'number') return [0, value];
  if (typeof value === 'boolean') return [0, value ? 1 : 0];
  return [1, cellText(value).toLowerCase()];
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}
