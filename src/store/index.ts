import path from 'node:path';
import { evidenceHome } from '../config/home.js';
import { StoreConfigError } from './postgres/database-url.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { TokenCipher } from './token-cipher.js';
import type { EvidenceStore } from './types.js';

export * from './types.js';
export type * from './run-summary.js';
export { StoredSummaryError } from './run-summary.js';
export { DeletedConnectionError } from './connection-errors.js';
export { TokenCipher, tokenFingerprint } from './token-cipher.js';
export { StoreConfigError } from './postgres/database-url.js';
export { StoreUnavailableError } from './postgres/database.js';

/**
 * Opens the store the environment points at: PostgreSQL when DATABASE_URL is set (shared by workers on several hosts,
 * which must then share IRU_EVIDENCE_KEY too), else the SQLite file under the data dir. A bad DATABASE_URL fails here;
 * an unreachable server fails the first operation, with StoreUnavailableError.
 */
export function openStore(env: NodeJS.ProcessEnv = process.env): EvidenceStore {
  const home = evidenceHome(env);
  if (env.DATABASE_URL) {
    if (!env.IRU_EVIDENCE_KEY) {
      throw new StoreConfigError(
        'With DATABASE_URL set, IRU_EVIDENCE_KEY must be set too (openssl rand -base64 32), the same on every worker and host: each would ' +
          'otherwise create its own secret.key and could not read the tokens saved by the others',
      );
    }
    return new PostgresStore(env.DATABASE_URL, TokenCipher.fromEnvironment(home, env));
  }
  return new SqliteStore(path.join(home, 'evidence.sqlite'), TokenCipher.fromEnvironment(home, env));
}
