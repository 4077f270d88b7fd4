import { ERROR_TYPES } from '../../failures/index.js';
/** A DATABASE_URL that cannot be used; the message never contains the password. */
export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
  readonly code = ERROR_TYPES.storeConfigInvalid;
}

export interface DatabaseTarget {
  /** The URL as given, for the driver. */
  connectionString: string;
  /** user@host:port/database, without the password: for messages and logs. */
  label: string;
}

const EXAMPLE = 'postgres://iru_evidence:PASSWORD@db.internal:5432/iru_evidence';

/** Checks DATABASE_URL before anything connects: a postgres:// or postgresql:// URL naming a host (or a socket dir) and a database. */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new StoreConfigError(`DATABASE_URL is not a URL: expected something like ${EXAMPLE}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreConfigError(`DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}// (for SQLite, leave DATABASE_URL unset)`);
  }
  const socketDir = url.searchParams.get('host');
  if (!url.hostname && !socketDir) throw new StoreConfigError(`DATABASE_URL names no host: expected something like ${EXAMPLE}`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new StoreConfigError(`DATABASE_URL must name one database after the host (…:5432/iru_evidence), got "${url.pathname}"`);
  }
  if (url.port && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) throw new StoreConfigError(`DATABASE_URL has an invalid port ${url.port}`);
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  const host = url.hostname ? `${url.hostname}:${url.port || '5432'}` : socketDir!;
  return { connectionString: value.trim(), label: `${user}${host}/${database}` };
}
