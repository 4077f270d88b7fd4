import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { flatColumns, flattenRecord } from './read-model/flatten-record.js';

// A spreadsheet runs a cell that starts like a formula; evidence such as a device name must stay text (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

function safeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

function csvRows(records: Record<string, unknown>[]): { columns: string[]; rows: () => Iterable<string[]> } {
  const columns = flatColumns(records);
  return {
    columns,
    *rows() {
      for (const record of records) {
        const flat = flattenRecord(record);
        yield columns.map((column) => safeCell(flat[column] ?? ''));
      }
    },
  };
}

/** An Artifact's records as CSV (one row per record, nested fields flattened), streamed. */
export function artifactCsvStream(records: Record<string, unknown>[]): Readable {
  const { columns, rows } = csvRows(records);
  const output = stringify({ header: true, columns: columns.map((c) => safeCell(c)) });
  Readable.from(rows()).pipe(output);
  return output;
}

export function artifactCsv(records: Record<string, unknown>[]): Buffer {
  const { columns, rows } = csvRows(records);
  return Buffer.from(stringifySync([...rows()], { header: true, columns: columns.map((c) => safeCell(c)) }), 'utf8');
}
