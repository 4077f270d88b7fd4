import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TokenCipher } from '../token-cipher.js';
import type { EvidenceStore } from '../types.js';
import { sqliteAccounts } from './accounts.js';
import { sqliteArtifacts } from './artifacts.js';
import { sqliteConnections } from './connections.js';
import { migrate } from './migrations.js';
import { sqliteRuns } from './runs.js';
import { sqliteSignInAttempts } from './sign-in-attempts.js';

// The constructor assembles the role implementations onto the instance; this declares what it assembles.
export interface SqliteStore extends EvidenceStore {}

/** The embedded store: one SQLite file under the data dir, WAL mode, shared safely by the CLI and workers. */
export class SqliteStore {
  readonly file: string;
  /** The open database, for tests that reach it directly. */
  readonly db: Database.Database;

  constructor(file: string, cipher: TokenCipher) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.file = file;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db);
    const connections = sqliteConnections(this.db, cipher);
    const roles: Omit<EvidenceStore, 'close'> = {
      ...connections,
      ...sqliteRuns(this.db),
      ...sqliteArtifacts(this.db, connections),
      ...sqliteAccounts(this.db),
      ...sqliteSignInAttempts(this.db),
    };
    Object.assign(this, roles);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
