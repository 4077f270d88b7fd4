/**
 * The API writes timestamps three ways (reference §6): `2024-07-23T14:11:37.150080Z`,
 * `2024-01-26 16:15:36.087016+00:00` and `2024-05-13 20:09:23 +0000`; absent ones are "" or null.
 * Returns ISO 8601 UTC, or null when absent or unreadable.
 */
export function normalizeTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const iso = value
    .trim()
    .replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2')
    .replace(/\s*([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Oldest and newest of a set of ISO timestamps, or undefined when there are none. */
export class TimeRange {
  private oldest: string | undefined;
  private newest: string | undefined;

  add(iso: string | null): void {
    if (!iso) return;
    if (this.oldest === undefined || iso < this.oldest) this.oldest = iso;
    if (this.newest === undefined || iso > this.newest) this.newest = iso;
  }

  get value(): { oldest: string; newest: string } | undefined {
    return this.oldest && this.newest ? { oldest: this.oldest, newest: this.newest } : undefined;
  }
}
