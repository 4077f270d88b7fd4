import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { privateFile } from '../../config/home.js';
import type { TokenCipher } from '../token-cipher.js';
import type { EvidenceStore } from '../types.js';
import { sqliteAccounts } from './accounts.js';
import { sqliteArtifacts } from './artifacts.js';
import { sqliteConnections } from './connections.js';
import { sqliteExceptions } from './exceptions.js';
import { sqliteInvitations } from './invitations.js';
import { migrate } from './migrations.js';
import { sqliteRuns } from './runs.js';
import { sqliteSignInAttempts } from './sign-in-attempts.js';
import { sqliteWebhooks } from './events.js';

// The constructor assembles the role implementations onto the instance; this declares what it assembles.
export interface SqliteStore extends EvidenceStore {}

/**
 * Switches the file to WAL. When several processes open a fresh file at once, SQLite can answer SQLITE_BUSY at once,
 * without waiting on the busy timeout, to avoid a deadlock between two of them upgrading their locks; the one told so
 * tries again until the busy timeout would have passed (test/security/files.test.ts starts 8 processes together).
 */
function enableWal(db: Database.Database, timeoutMs = 10_000): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.floor(Math.random() * 40));
    }
  }
}

/** The embedded store: one SQLite file under the data dir, WAL mode, shared safely by the CLI and workers. */
export class SqliteStore {
  readonly file: string;
  /** The open database, for tests that reach it directly. */
  readonly db: Database.Database;

  constructor(file: string, cipher: TokenCipher) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Password hashes, CSRF secrets and all evidence: owner-only. SQLite gives the -wal and -shm files the mode of the
    // database file, so creating that one 0600 (and taking group/other bits off files an older version left) covers all three.
    privateFile(file, { create: true });
    for (const companion of [`${file}-wal`, `${file}-shm`]) privateFile(companion);
    this.file = file;
    this.db = new Database(file);
    // Set before the first statement that may wait for another process's lock (switching to WAL, migrating).
    this.db.pragma('busy_timeout = 10000');
    enableWal(this.db);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db);
    const connections = sqliteConnections(this.db, cipher);
    const roles: Omit<EvidenceStore, 'close'> = {
      ...connections,
      ...sqliteRuns(this.db),
      ...sqliteArtifacts(this.db, connections),
      ...sqliteAccounts(this.db),
      ...sqliteInvitations(this.db),
      ...sqliteSignInAttempts(this.db),
      ...sqliteExceptions(this.db),
      ...sqliteWebhooks(this.db, cipher),
    };
    Object.assign(this, roles);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
