import { IruRequestRefusedError } from './errors.js';

/** A path segment that names the device secrets endpoints, or starts with `secrets` then `;`, `.`, `%`, NUL or any other non-alphanumeric. */
const SECRETS_SEGMENT = /^secrets(?:$|[^a-z0-9])/;
/** `.` and `..`, also with a `;` parameter some servers strip (`..;x`). */
const DOT_SEGMENT = /^\.{1,2}(?:;|$)/;
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;
const INVALID_ESCAPE = /%(?![0-9a-f]{2})/i;
const ESCAPE = /%([0-9a-f]{2})/gi;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Percent-decoding levels looked through; a path still changing after them is refused. */
const MAX_DECODINGS = 8;

/**
 * The collector reads and never writes, and never touches device secrets (FileVault keys, bypass codes, PINs,
 * recovery passwords: reading them is audit-logged in the tenant). Every request passes this check before it leaves.
 *
 * The path is judged as every server on the way may read it: as sent, and after each level of percent-decoding until it
 * is stable, case ignored. A segment `secrets` or `secrets` followed by a non-alphanumeric (`secrets;x=1`, `secrets%00`,
 * `secrets.json`), a dot segment, an encoded `/` or `\` at any level, or another scheme, host or port than the base URL
 * is refused.
 */
export function assertReadOnlyRequest(method: string, url: URL, base: URL): void {
  const request = { method, url: `${url.origin}${url.pathname}` };
  const refuse = (reason: string) => new IruRequestRefusedError(request, reason);
  if (method !== 'GET') throw refuse('iru-evidence only sends GET requests');
  if (url.origin !== base.origin) throw refuse(`the URL leaves the configured API host ${base.origin}`);
  if (url.username || url.password) throw refuse('the URL carries credentials');
  const prefix = base.pathname.replace(/\/+$/, '');
  if (prefix && !url.pathname.startsWith(`${prefix}/`)) throw refuse(`the path leaves the configured base path ${prefix}`);
  const levels = decodings(url.pathname);
  if (!levels) throw refuse(`the path is percent-encoded more than ${MAX_DECODINGS} levels deep`);
  const segments = (path: string) => path.toLowerCase().split(/[/\\]/);
  if (levels.some((path) => segments(path).some((segment) => SECRETS_SEGMENT.test(segment)))) {
    throw refuse('device secrets endpoints (/secrets/) are never called');
  }
  for (const path of levels) {
    if (INVALID_ESCAPE.test(path)) throw refuse('the path is not valid percent-encoding');
    if (ENCODED_SEPARATOR.test(path) || path.includes('\\')) throw refuse('the path has an encoded / or a \\');
    if (path.includes('..') || segments(path).some((segment) => DOT_SEGMENT.test(segment))) throw refuse('the path has dot segments (. or ..)');
    if (CONTROL.test(path)) throw refuse('the path has a control character');
  }
}

/** The path as sent, then after each level of percent-decoding until it no longer changes; null past MAX_DECODINGS levels. */
function decodings(path: string): string[] | null {
  const levels = [path];
  for (;;) {
    const decoded = levels.at(-1)!.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (decoded === levels.at(-1)) return levels;
    if (levels.length > MAX_DECODINGS) return null;
    levels.push(decoded);
  }
}
