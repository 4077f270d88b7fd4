import { BadInputError } from './errors.js';
import { cellText } from './flatten-record.js';
import { isResultValue, RESULT_VALUES, type ResultValue } from './record-results.js';

/** Which records to show or export: those containing `q` (any field, case-insensitive) with the given result, if any. */
export interface RecordFilter {
  q: string;
  result?: ResultValue;
}

/** How the result filter names each result, for people. */
export const RESULT_FILTER_LABELS: Readonly<Record<ResultValue, string>> = {
  fail: 'Failing only',
  not_evaluable: 'Not evaluable only',
  excepted: 'Excepted only',
  pass: 'Passing only',
  not_applicable: 'Not applicable only',
};

/** The `result` parameter: empty or absent for every result, else one of the result vocabulary. */
export function resultFilter(value: string | undefined): ResultValue | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isResultValue(value)) throw new BadInputError(`"result" must be one of ${RESULT_VALUES.join(', ')} (or empty for every result), not "${value}"`);
  return value;
}

/** The text a search looks in: every top-level field as its table cell shows it, lower case. */
export function recordSearchText(record: Record<string, unknown>): string {
  return Object.values(record).map(cellText).join('\u0001').toLowerCase();
}

/**
 * Whether a record passes the filter: the one test the records table, its CSV and its JSON apply. `searchText` is the
 * record's `recordSearchText`, asked only when there is a search (a caller may have it cached).
 */
export type RecordPredicate = (record: Record<string, unknown>, searchText: () => string) => boolean;

/** The filter's test, or undefined when it keeps every record. */
export function recordPredicate(filter: RecordFilter): RecordPredicate | undefined {
  const needle = filter.q.trim().toLowerCase();
  const result = filter.result;
  if (!needle && !result) return undefined;
  return (record, searchText) => (!result || record.result === result) && (!needle || searchText().includes(needle));
}

/** The records of a stream that pass the filter, one at a time. */
export async function* filterRecords(records: AsyncIterable<Record<string, unknown>>, filter: RecordFilter): AsyncIterable<Record<string, unknown>> {
  const keep = recordPredicate(filter);
  for await (const record of records) if (!keep || keep(record, () => recordSearchText(record))) yield record;
}
