import { IruRequestRefusedError } from './errors.js';

/**
 * The collector reads and never writes, and never touches device secrets (FileVault keys, bypass codes, PINs,
 * recovery passwords: reading them is audit-logged in the tenant). Every request passes this check before it leaves.
 */
export function assertReadOnlyRequest(method: string, url: URL, base: URL): void {
  const request = { method, url: `${url.origin}${url.pathname}` };
  if (method !== 'GET') throw new IruRequestRefusedError(request, 'iru-evidence only sends GET requests');
  if (url.origin !== base.origin) throw new IruRequestRefusedError(request, `the URL leaves the configured API host ${base.origin}`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname).toLowerCase();
  } catch {
    throw new IruRequestRefusedError(request, 'the path is not valid percent-encoding');
  }
  if (/\/secrets(\/|$)/.test(decoded) || decoded.includes('..')) {
    throw new IruRequestRefusedError(request, 'device secrets endpoints (/secrets/) are never called');
  }
}
