import type { SignInAttemptStore, SignInFailures } from '../types.js';
import type { Database } from './database.js';

const COLUMNS = 'key, failures, last_failure_at AS "lastFailureAt"';

export function postgresSignInAttempts(db: Database): SignInAttemptStore {
  return {
    // INSERT ... ON CONFLICT DO UPDATE locks the key's row: failures counted at once by several processes all count.
    async recordSignInFailure(keys, at, forgetBefore) {
      return db.transaction(async (client) => {
        const counts: SignInFailures[] = [];
        for (const key of keys) {
          const { rows } = await client.query<SignInFailures>(
            `INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES ($1, 1, $2)
             ON CONFLICT (key) DO UPDATE SET
               failures = CASE WHEN sign_in_failures.last_failure_at < $3 THEN 1 ELSE sign_in_failures.failures + 1 END,
               last_failure_at = GREATEST(sign_in_failures.last_failure_at, excluded.last_failure_at)
             RETURNING ${COLUMNS}`,
            [key, at, forgetBefore],
          );
          counts.push(rows[0]!);
        }
        return counts;
      });
    },

    async signInFailures(keys, forgetBefore) {
      if (keys.length === 0) return [];
      return db.query<SignInFailures>(`SELECT ${COLUMNS} FROM sign_in_failures WHERE key = ANY($1::text[]) AND last_failure_at >= $2`, [keys, forgetBefore]);
    },

    async clearSignInFailures(key) {
      await db.query('DELETE FROM sign_in_failures WHERE key = $1', [key]);
    },

    async pruneSignInFailures(forgetBefore) {
      const rows = await db.query<{ key: string }>('DELETE FROM sign_in_failures WHERE last_failure_at < $1 RETURNING key', [forgetBefore]);
      return rows.length;
    },

    async upgradeWebUserPasswordHash(userId, previousHash, passwordHash) {
      const rows = await db.query<{ id: string }>('UPDATE web_users SET password_hash = $1 WHERE id = $2 AND password_hash = $3 RETURNING id', [
        passwordHash,
        userId,
        previousHash,
      ]);
      return rows.length === 1;
    },
  };
}
