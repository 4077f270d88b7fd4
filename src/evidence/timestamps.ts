/**
 * The API writes timestamps in several styles (iru-api-observed.md, Timestamps): `2024-07-23T14:11:37.150080Z`,
 * `2024-01-26 16:15:36.087016+00:00`, `2022-08-15 13:51:01 +0000`, `2023-04-21T17:23:13.883134` (no offset: UTC) and
 * `Feb 27, 2024 at 7:34:21 AM` (EDR baseline scans, UTC); absent ones are "" or null.
 * Returns ISO 8601 UTC, or null when absent or unreadable. The process time zone never matters.
 */
export function normalizeTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  const iso = spelledOut(text) ?? text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2').replace(/\s*([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const parts = ISO_INSTANT.exec(iso);
  if (!parts) return null;
  const ms = Date.parse(parts[2] || !parts[1] ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A date, optionally with a time (group 1) and an offset (group 2). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SPELLED_OUT = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) at (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)$/;

/** `Feb 27, 2024 at 7:34:21 AM` as `2024-02-27T07:34:21Z`; undefined for any other style. */
function spelledOut(text: string): string | undefined {
  const m = SPELLED_OUT.exec(text);
  const month = m ? MONTHS.indexOf(m[1]!) + 1 : 0;
  if (!m || month === 0) return undefined;
  const hour = (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0);
  const pad = (n: number | string) => String(n).padStart(2, '0');
  return `${m[3]}-${pad(month)}-${pad(m[2]!)}T${pad(hour)}:${m[5]}:${m[6]}Z`;
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
