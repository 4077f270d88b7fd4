import type Database from 'better-sqlite3';
import type { SignInAttemptStore, SignInFailures } from '../types.js';

const COLUMNS = 'key, failures, last_failure_at AS "lastFailureAt"';

export function sqliteSignInAttempts(db: Database.Database): SignInAttemptStore {
  // One statement per key: SQLite runs it atomically, and the transaction makes the keys of one failure count together.
  const record = db.transaction((keys: string[], at: string, forgetBefore: string) =>
    keys.map((key) =>
      db
        .prepare<[string, string, string], SignInFailures>(
          `INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES (?, 1, ?)
             ON CONFLICT (key) DO UPDATE SET
               failures = CASE WHEN sign_in_failures.last_failure_at < ? THEN 1 ELSE sign_in_failures.failures + 1 END,
               last_failure_at = MAX(sign_in_failures.last_failure_at, excluded.last_failure_at)
             RETURNING ${COLUMNS}`,
        )
        .get(key, at, forgetBefore)!,
    ),
  );

  return {
    async recordSignInFailure(keys, at, forgetBefore) {
      return record.immediate(keys, at, forgetBefore);
    },

    async signInFailures(keys, forgetBefore) {
      if (keys.length === 0) return [];
      return db
        .prepare<string[], SignInFailures>(`SELECT ${COLUMNS} FROM sign_in_failures WHERE key IN (${keys.map(() => '?').join(', ')}) AND last_failure_at >= ?`)
        .all(...keys, forgetBefore);
    },

    async clearSignInFailures(key) {
      db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(key);
    },

    async pruneSignInFailures(forgetBefore) {
      return db.prepare('DELETE FROM sign_in_failures WHERE last_failure_at < ?').run(forgetBefore).changes;
    },

    async upgradeWebUserPasswordHash(userId, previousHash, passwordHash) {
      return db.prepare('UPDATE web_users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(passwordHash, userId, previousHash).changes === 1;
    },
  };
}
