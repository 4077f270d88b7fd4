import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { API_KEY_COLUMNS, userActive, WEB_SESSION_COLUMNS, WEB_USER_COLUMNS } from '../columns.js';
import type { AccountChange, AccountStore, ApiKeyRecord, NewApiKey, WebSession, WebUser, WebUserCredentials } from '../types.js';

/** A key is active (src/web/auth/api-keys.ts apiKeyStatus) until it is revoked or rotated, which sets its expiry. */
const ACTIVE_API_KEY = 'revoked_at IS NULL AND expires_at IS NULL AND replaced_by IS NULL';
/** A key made on a web user's authority works only while that user exists, is enabled and has access at `now`. */
const CREATOR_ACTIVE = `created_by_user_id IS NULL OR EXISTS (SELECT 1 FROM web_users u WHERE u.id = api_keys.created_by_user_id AND ${userActive('u', '?')})`;
/** True when removing user ? from the enabled admins would leave none. */
const LAST_ENABLED_ADMIN = `EXISTS (SELECT 1 FROM web_users WHERE id = ? AND role = 'admin' AND disabled_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM web_users WHERE id <> ? AND role = 'admin' AND disabled_at IS NULL)`;

type SessionRow = WebSession & { username: string; role: WebUser['role']; userCreatedAt: string; userExpiresAt: string | null };

export function sqliteAccounts(db: Database.Database): AccountStore {
  const getWebUser = (id: string) => db.prepare<[string], WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users WHERE id = ?`).get(id);
  const getApiKey = (id: string) => db.prepare<[string], ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = ?`).get(id);
  const insertApiKey = (key: NewApiKey) =>
    db
      .prepare('INSERT INTO api_keys (id, name, key_hash, scope, created_by, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(key.id, key.name, key.keyHash, key.scope, key.createdBy, key.createdByUserId ?? null, key.createdAt);
  /** `change` inside one write transaction (BEGIN IMMEDIATE), unless the user is missing or is the last enabled admin. */
  const guarded = (id: string, change: () => void): AccountChange =>
    db
      .transaction((): AccountChange => {
        if (!getWebUser(id)) return 'not-found';
        if (db.prepare<[string, string], { last: number }>(`SELECT ${LAST_ENABLED_ADMIN} AS last`).get(id, id)!.last) return 'last-admin';
        change();
        return 'done';
      })
      .immediate();

  return {
    async createWebUser(user) {
      const id = randomUUID();
      db.prepare('INSERT INTO web_users (id, username, password_hash, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        id,
        user.username.toLowerCase(),
        user.passwordHash,
        user.role,
        new Date().toISOString(),
        user.expiresAt ?? null,
      );
      return getWebUser(id)!;
    },

    async findWebUserCredentials(username) {
      return db
        .prepare<[string], WebUserCredentials>(
          `SELECT ${WEB_USER_COLUMNS}, password_hash AS "passwordHash" FROM web_users WHERE username = ? AND disabled_at IS NULL`,
        )
        .get(username.toLowerCase());
    },

    async findWebUser(username) {
      return db.prepare<[string], WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users WHERE username = ?`).get(username.toLowerCase());
    },

    async disableWebUser(id, at) {
      return guarded(id, () => {
        db.prepare('UPDATE web_users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?').run(at, id);
        db.prepare('DELETE FROM web_sessions WHERE user_id = ?').run(id);
      });
    },

    async enableWebUser(id) {
      return db.prepare('UPDATE web_users SET disabled_at = NULL WHERE id = ?').run(id).changes === 1 ? 'done' : 'not-found';
    },

    async deleteWebUser(id) {
      return guarded(id, () => {
        db.prepare('DELETE FROM web_sessions WHERE user_id = ?').run(id);
        db.prepare('DELETE FROM web_users WHERE id = ?').run(id);
      });
    },

    async setWebUserPassword(id, passwordHash) {
      return db.prepare('UPDATE web_users SET password_hash = ? WHERE id = ?').run(passwordHash, id).changes === 1 ? 'done' : 'not-found';
    },

    async deleteWebSessionsOf(userId) {
      return db.prepare('DELETE FROM web_sessions WHERE user_id = ?').run(userId).changes;
    },

    async setWebUserAccessExpiry(id, expiresAt) {
      return db.prepare('UPDATE web_users SET expires_at = ? WHERE id = ?').run(expiresAt, id).changes === 1 ? 'done' : 'not-found';
    },

    async listWebUsers() {
      return db.prepare<[], WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users ORDER BY username`).all();
    },

    async createWebSession(session) {
      db.prepare('INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
        session.idHash,
        session.userId,
        session.csrfToken,
        session.createdAt,
        session.expiresAt,
      );
    },

    async getWebSession(idHash, now) {
      const row = db
        .prepare<[string, string, string], SessionRow>(
          `SELECT ${WEB_SESSION_COLUMNS}, u.username, u.role, u.created_at AS "userCreatedAt", u.expires_at AS "userExpiresAt"
           FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ? AND ${userActive('u', '?')}`,
        )
        .get(idHash, now, now);
      if (!row) return undefined;
      const { username, role, userCreatedAt, userExpiresAt, ...session } = row;
      return { session, user: { id: session.userId, username, role, createdAt: userCreatedAt, disabledAt: null, expiresAt: userExpiresAt } };
    },

    async deleteWebSession(idHash) {
      db.prepare('DELETE FROM web_sessions WHERE id_hash = ?').run(idHash);
    },

    async deleteExpiredWebSessions(now) {
      db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(now);
    },

    async createApiKey(key) {
      insertApiKey(key);
      return getApiKey(key.id)!;
    },

    async getApiKey(id) {
      return getApiKey(id);
    },

    async findApiKeyByHash(keyHash, now) {
      return db.prepare<[string, string], ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_hash = ? AND (${CREATOR_ACTIVE})`).get(keyHash, now);
    },

    async listApiKeys() {
      return db.prepare<[], ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id`).all();
    },

    async rotateApiKey(id, replacement, previousExpiresAt) {
      // BEGIN IMMEDIATE takes the database's write lock before the update reads the row, so a rotation or revocation by
      // another connection or process either committed before it (the key is no longer active: nothing changes) or
      // waits (busy_timeout) for this transaction to commit.
      return db
        .transaction(() => {
          const marked = db
            .prepare(`UPDATE api_keys SET expires_at = ?, replaced_by = ? WHERE id = ? AND ${ACTIVE_API_KEY}`)
            .run(previousExpiresAt, replacement.id, id);
          if (marked.changes !== 1) return undefined;
          insertApiKey(replacement);
          return getApiKey(replacement.id)!;
        })
        .immediate();
    },

    async revokeApiKey(id, at) {
      db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
    },

    async touchApiKey(id, at) {
      db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
    },
  };
}
