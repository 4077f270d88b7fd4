import type { TokenCipher } from '../token-cipher.js';
import type { EvidenceStore } from '../types.js';
import { postgresAccounts } from './accounts.js';
import { postgresArtifacts } from './artifacts.js';
import { postgresConnections } from './connections.js';
import { postgresExceptions } from './exceptions.js';
import { postgresInvitations } from './invitations.js';
import { parseDatabaseUrl } from './database-url.js';
import { Database, type DatabaseOptions } from './database.js';
import { postgresRuns } from './runs.js';
import { postgresSignInAttempts } from './sign-in-attempts.js';
import { postgresWebhooks } from './events.js';

// The constructor assembles the role implementations onto the instance; this declares what it assembles.
export interface PostgresStore extends EvidenceStore {}

/**
 * The shared store for several workers on several hosts: one PostgreSQL database, the same semantics as the SQLite
 * store. Migrations run on first use. Every worker must use the same IRU_EVIDENCE_KEY to read the tokens.
 */
export class PostgresStore {
  /** The connection pool, for tests that reach the database directly. */
  readonly db: Database;

  constructor(databaseUrl: string, cipher: TokenCipher, options: DatabaseOptions = {}) {
    this.db = new Database(parseDatabaseUrl(databaseUrl), options);
    const connections = postgresConnections(this.db, cipher);
    const roles: Omit<EvidenceStore, 'close'> = {
      ...connections,
      ...postgresRuns(this.db),
      ...postgresArtifacts(this.db, connections),
      ...postgresAccounts(this.db),
      ...postgresInvitations(this.db),
      ...postgresSignInAttempts(this.db),
      ...postgresExceptions(this.db),
      ...postgresWebhooks(this.db, cipher),
    };
    Object.assign(this, roles);
  }

  /** user@host:port/database, without the password. */
  get label(): string {
    return this.db.label;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
