/**
 * One record as flat columns: nested objects become dotted names (`user.id`), arrays of plain values are joined
 * with "; ", anything else nested is written as JSON. Null and undefined become empty cells.
 */
export function flattenRecord(record: Record<string, unknown>, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  for (const [name, value] of Object.entries(record)) {
    const column = prefix ? `${prefix}.${name}` : name;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flattenRecord(value as Record<string, unknown>, column, into);
    else into[column] = cellText(value);
  }
  return into;
}

/** A value as the text of one cell, for tables and CSV alike. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.every((v) => v === null || typeof v !== 'object') ? value.map((v) => cellText(v)).join('; ') : JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Column names over many records, in first-seen order; the records are read one at a time, none kept. */
export async function flatColumns(records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>): Promise<string[]> {
  const columns = new Set<string>();
  for await (const record of records) for (const name of Object.keys(flattenRecord(record))) columns.add(name);
  return [...columns];
}
