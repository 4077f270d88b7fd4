import { randomUUID } from 'node:crypto';
import { API_KEY_COLUMNS, userActive, WEB_SESSION_COLUMNS, WEB_USER_COLUMNS } from '../columns.js';
import type { AccountChange, AccountStore, ApiKeyRecord, NewApiKey, WebSession, WebUser, WebUserCredentials } from '../types.js';
import type pg from 'pg';
import type { Database } from './database.js';

/** A key is active (src/web/auth/api-keys.ts apiKeyStatus) until it is revoked or rotated, which sets its expiry. */
const ACTIVE_API_KEY = 'revoked_at IS NULL AND expires_at IS NULL AND replaced_by IS NULL';
/** A key made on a web user's authority works only while that user exists, is enabled and has access at `now` ($2). */
const CREATOR_ACTIVE = `created_by_user_id IS NULL OR EXISTS (SELECT 1 FROM web_users u WHERE u.id = api_keys.created_by_user_id AND ${userActive('u', '$2')})`;
const INSERT_API_KEY = `INSERT INTO api_keys (id, name, key_hash, scope, created_by, created_by_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
  RETURNING ${API_KEY_COLUMNS}`;

function apiKeyValues(key: NewApiKey): unknown[] {
  return [key.id, key.name, key.keyHash, key.scope, key.createdBy, key.createdByUserId ?? null, key.createdAt];
}

type SessionRow = WebSession & { username: string; role: WebUser['role']; userCreatedAt: string; userExpiresAt: string | null };

export function postgresAccounts(db: Database): AccountStore {
  /**
   * `change` in one transaction, unless the user is missing or is the last enabled admin. The enabled admins' rows are
   * locked first (FOR UPDATE), so two requests disabling or deleting two different admins at once are decided one after
   * the other: the second re-reads the admins once the first commits, and is refused if it would leave none.
   */
  const guarded = (id: string, change: (client: pg.PoolClient) => Promise<unknown>): Promise<AccountChange> =>
    db.transaction(async (client) => {
      const { rows: admins } = await client.query<{ id: string }>(`SELECT id FROM web_users WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE`);
      const { rows: target } = await client.query<{ role: string; disabled: boolean }>(
        'SELECT role, disabled_at IS NOT NULL AS disabled FROM web_users WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!target[0]) return 'not-found';
      if (target[0].role === 'admin' && !target[0].disabled && !admins.some((a) => a.id !== id)) return 'last-admin';
      await change(client);
      return 'done';
    });
  return {
    async createWebUser(user) {
      const [created] = await db.query<WebUser>(
        `INSERT INTO web_users (id, username, password_hash, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WEB_USER_COLUMNS}`,
        [randomUUID(), user.username.toLowerCase(), user.passwordHash, user.role, new Date().toISOString(), user.expiresAt ?? null],
      );
      return created!;
    },

    async findWebUserCredentials(username) {
      const sql = `SELECT ${WEB_USER_COLUMNS}, password_hash AS "passwordHash" FROM web_users WHERE username = $1 AND disabled_at IS NULL`;
      return (await db.query<WebUserCredentials>(sql, [username.toLowerCase()]))[0];
    },

    async findWebUser(username) {
      return (await db.query<WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users WHERE username = $1`, [username.toLowerCase()]))[0];
    },

    async disableWebUser(id, at) {
      return guarded(id, async (client) => {
        await client.query('UPDATE web_users SET disabled_at = COALESCE(disabled_at, $1) WHERE id = $2', [at, id]);
        await client.query('DELETE FROM web_sessions WHERE user_id = $1', [id]);
      });
    },

    async enableWebUser(id) {
      return (await db.query<{ id: string }>('UPDATE web_users SET disabled_at = NULL WHERE id = $1 RETURNING id', [id])).length === 1 ? 'done' : 'not-found';
    },

    async deleteWebUser(id) {
      return guarded(id, async (client) => {
        await client.query('DELETE FROM web_sessions WHERE user_id = $1', [id]);
        await client.query('DELETE FROM web_users WHERE id = $1', [id]);
      });
    },

    async setWebUserPassword(id, passwordHash) {
      const updated = await db.query<{ id: string }>('UPDATE web_users SET password_hash = $1 WHERE id = $2 RETURNING id', [passwordHash, id]);
      return updated.length === 1 ? 'done' : 'not-found';
    },

    async deleteWebSessionsOf(userId) {
      return (await db.query<{ id_hash: string }>('DELETE FROM web_sessions WHERE user_id = $1 RETURNING id_hash', [userId])).length;
    },

    async setWebUserAccessExpiry(id, expiresAt) {
      const updated = await db.query<{ id: string }>('UPDATE web_users SET expires_at = $1 WHERE id = $2 RETURNING id', [expiresAt, id]);
      return updated.length === 1 ? 'done' : 'not-found';
    },

    async listWebUsers() {
      return db.query<WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users ORDER BY username`);
    },

    async createWebSession(session) {
      await db.query('INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        session.idHash,
        session.userId,
        session.csrfToken,
        session.createdAt,
        session.expiresAt,
      ]);
    },

    async getWebSession(idHash, now) {
      const [row] = await db.query<SessionRow>(
        `SELECT ${WEB_SESSION_COLUMNS}, u.username, u.role, u.created_at AS "userCreatedAt", u.expires_at AS "userExpiresAt"
         FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2 AND ${userActive('u', '$2')}`,
        [idHash, now],
      );
      if (!row) return undefined;
      const { username, role, userCreatedAt, userExpiresAt, ...session } = row;
      return { session, user: { id: session.userId, username, role, createdAt: userCreatedAt, disabledAt: null, expiresAt: userExpiresAt } };
    },

    async deleteWebSession(idHash) {
      await db.query('DELETE FROM web_sessions WHERE id_hash = $1', [idHash]);
    },

    async deleteExpiredWebSessions(now) {
      await db.query('DELETE FROM web_sessions WHERE expires_at <= $1', [now]);
    },

    async createApiKey(key) {
      return (await db.query<ApiKeyRecord>(INSERT_API_KEY, apiKeyValues(key)))[0]!;
    },

    async getApiKey(id) {
      return (await db.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id]))[0];
    },

    async findApiKeyByHash(keyHash, now) {
      return (await db.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 AND (${CREATOR_ACTIVE})`, [keyHash, now]))[0];
    },

    async listApiKeys() {
      return db.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id`);
    },

    async rotateApiKey(id, replacement, previousExpiresAt) {
      return db.transaction(async (client) => {
        // A concurrent rotation or revocation holds the row until it commits; this update then re-reads the row and,
        // finding it no longer active, changes nothing (READ COMMITTED), so only one rotation ever issues a replacement.
        const marked = await client.query(`UPDATE api_keys SET expires_at = $1, replaced_by = $2 WHERE id = $3 AND ${ACTIVE_API_KEY} RETURNING id`, [
          previousExpiresAt,
          replacement.id,
          id,
        ]);
        if (marked.rowCount !== 1) return undefined;
        return (await client.query<ApiKeyRecord>(INSERT_API_KEY, apiKeyValues(replacement))).rows[0]!;
      });
    },

    async revokeApiKey(id, at) {
      await db.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
    },

    async touchApiKey(id, at) {
      await db.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
    },
  };
}
