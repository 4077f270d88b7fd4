/**
 * Instants are integer microseconds since the epoch (the API prints microseconds).
 * The API uses several text forms; each has one formatter here.
 */

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

export function parseMicros(iso: string): number {
  const match = /^(.*?)(?:\.(\d{1,6}))?(Z|[+-]\d\d:?\d\d)$/.exec(iso.trim().replace(' ', 'T'));
  if (!match) throw new Error(`not an ISO instant: ${iso}`);
  const [, base, fraction = '', zone] = match;
  const millis = Date.parse(`${base}${zone === 'Z' ? 'Z' : zone}`);
  if (Number.isNaN(millis)) throw new Error(`not an ISO instant: ${iso}`);
  return millis * 1000 + Number(fraction.padEnd(6, '0'));
}

function parts(micros: number): { date: string; time: string; fraction: string } {
  const wholeMicros = Math.floor(micros);
  const millis = Math.floor(wholeMicros / 1000);
  const iso = new Date(millis).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = String(((wholeMicros % MICROS_PER_SECOND) + MICROS_PER_SECOND) % MICROS_PER_SECOND).padStart(6, '0');
  return { date: iso.slice(0, 10), time: iso.slice(11, 19), fraction };
}

/** `2024-07-23T14:11:37.150080Z` (/devices last_check_in, users, audit). */
export function isoZ(micros: number): string {
  const p = parts(micros);
  return `${p.date}T${p.time}.${p.fraction}Z`;
}

/** `2023-04-21T17:23:13.883134`: UTC without an offset (threat detection, quarantine and release dates). */
export function isoNoOffset(micros: number): string {
  const p = parts(micros);
  return `${p.date}T${p.time}.${p.fraction}`;
}

/** `2023-10-13 16:15:00.000000`: UTC without an offset (vulnerability first/latest detection dates). */
export function spacedNoOffset(micros: number): string {
  const p = parts(micros);
  return `${p.date} ${p.time}.${p.fraction}`;
}

/** `2021-05-11T19:45:19Z` (library item reported_at, ADE expiry). */
export function isoSecondsZ(micros: number): string {
  const p = parts(micros);
  return `${p.date}T${p.time}Z`;
}

/** `2024-01-26 16:15:36.087016+00:00` (/devices enrollment dates, details mdm). */
export function djangoSpaced(micros: number): string {
  const p = parts(micros);
  return `${p.date} ${p.time}.${p.fraction}+00:00`;
}

/** `2024-11-18T21:02:58.179622+00:00` (Prism). */
export function isoOffset(micros: number): string {
  const p = parts(micros);
  return `${p.date}T${p.time}.${p.fraction}+00:00`;
}

/** `2024-05-13 20:09:23 +0000` (details installed_profiles install_date). */
export function profileDate(micros: number): string {
  const p = parts(micros);
  return `${p.date} ${p.time} +0000`;
}

/** `2024-06-17 11:32:35+00:00` (details kandji_agent install_date). */
export function spacedSeconds(micros: number): string {
  const p = parts(micros);
  return `${p.date} ${p.time}+00:00`;
}
