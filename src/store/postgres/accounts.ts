import { randomUUID } from 'node:crypto';
import { API_KEY_COLUMNS, WEB_SESSION_COLUMNS, WEB_USER_COLUMNS } from '../columns.js';
import type { AccountStore, ApiKeyRecord, NewApiKey, WebSession, WebUser, WebUserCredentials } from '../types.js';
import type { Database } from './database.js';

/** A key is active (src/web/auth/api-keys.ts apiKeyStatus) until it is revoked or rotated, which sets its expiry. */
const ACTIVE_API_KEY = 'revoked_at IS NULL AND expires_at IS NULL AND replaced_by IS NULL';
const INSERT_API_KEY = `INSERT INTO api_keys (id, name, key_hash, scope, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${API_KEY_COLUMNS}`;

function apiKeyValues(key: NewApiKey): unknown[] {
  return [key.id, key.name, key.keyHash, key.scope, key.createdBy, key.createdAt];
}

export function postgresAccounts(db: Database): AccountStore {
  return {
    async createWebUser(user) {
      const [created] = await db.query<WebUser>(
        `INSERT INTO web_users (id, username, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${WEB_USER_COLUMNS}`,
        [randomUUID(), user.username.toLowerCase(), user.passwordHash, user.role, new Date().toISOString()],
      );
      return created!;
    },

    async findWebUserCredentials(username) {
      const sql = `SELECT ${WEB_USER_COLUMNS}, password_hash AS "passwordHash" FROM web_users WHERE username = $1`;
      return (await db.query<WebUserCredentials>(sql, [username.toLowerCase()]))[0];
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
      const [row] = await db.query<WebSession & { username: string; role: WebUser['role']; userCreatedAt: string }>(
        `SELECT ${WEB_SESSION_COLUMNS}, u.username, u.role, u.created_at AS "userCreatedAt"
         FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2`,
        [idHash, now],
      );
      if (!row) return undefined;
      const { username, role, userCreatedAt, ...session } = row;
      return { session, user: { id: session.userId, username, role, createdAt: userCreatedAt } };
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

    async findApiKeyByHash(keyHash) {
      return (await db.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_hash = $1`, [keyHash]))[0];
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
