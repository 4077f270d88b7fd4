import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CONNECTION_COLUMNS } from '../columns.js';
import { DeletedConnectionError } from '../connection-errors.js';
import { tokenFingerprint, type TokenCipher } from '../token-cipher.js';
import type { Connection, ConnectionStore } from '../types.js';

const DEFAULT_FRESHNESS_HOURS = 48;

export function sqliteConnections(db: Database.Database, cipher: TokenCipher): ConnectionStore {
  const connections: ConnectionStore = {
    async saveConnection(input) {
      const now = new Date().toISOString();
      const existing = db
        .prepare<[string], { id: string; freshnessHours: number; deletedAt: string | null }>(
          'SELECT id, freshness_hours AS "freshnessHours", deleted_at AS "deletedAt" FROM connections WHERE name = ?',
        )
        .get(input.name);
      if (existing?.deletedAt) throw new DeletedConnectionError({ id: existing.id, name: input.name, deletedAt: existing.deletedAt });
      const id = existing?.id ?? randomUUID();
      db.prepare(
        `INSERT INTO connections (id, name, base_url, region, app, token_ciphertext, token_fingerprint, freshness_hours, status, status_reason,
           created_at, updated_at)
         VALUES (@id, @name, @baseUrl, @region, @app, @ciphertext, @fingerprint, @freshness, 'ok', NULL, @now, @now)
         ON CONFLICT(id) DO UPDATE SET base_url = @baseUrl, region = @region, app = @app, token_ciphertext = @ciphertext,
           token_fingerprint = @fingerprint, freshness_hours = @freshness, status = 'ok', status_reason = NULL, updated_at = @now`,
      ).run({
        id,
        name: input.name,
        baseUrl: input.baseUrl,
        region: input.region ?? null,
        app: input.app ?? null,
        ciphertext: cipher.encrypt(input.token, id),
        fingerprint: tokenFingerprint(input.token),
        freshness: input.freshnessHours ?? existing?.freshnessHours ?? DEFAULT_FRESHNESS_HOURS,
        now,
      });
      return (await connections.getConnection(id))!;
    },

    async getConnection(idOrName) {
      return db.prepare<[string, string], Connection>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = ? OR name = ?`).get(idOrName, idOrName);
    },

    async listConnections() {
      return db.prepare<[], Connection>(`SELECT ${CONNECTION_COLUMNS} FROM connections ORDER BY name`).all();
    },

    async readToken(connectionId) {
      const row = db
        .prepare<[string], { ciphertext: Buffer; name: string; deletedAt: string | null }>(
          'SELECT token_ciphertext AS ciphertext, name, deleted_at AS "deletedAt" FROM connections WHERE id = ?',
        )
        .get(connectionId);
      if (!row) throw new Error(`No connection with id ${connectionId}`);
      if (row.deletedAt) throw new DeletedConnectionError({ id: connectionId, name: row.name, deletedAt: row.deletedAt });
      return cipher.decrypt(row.ciphertext, connectionId);
    },

    async setConnectionStatus(connectionId, status, reason) {
      db.prepare('UPDATE connections SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(
        status,
        reason,
        new Date().toISOString(),
        connectionId,
      );
    },

    async deleteConnection(connectionId, deletion) {
      // secure_delete zeroes the freed ciphertext bytes in the page; the checkpoint then moves the page out of the WAL,
      // which would otherwise keep its earlier image until the next checkpoint.
      const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
      db.pragma('secure_delete = ON');
      try {
        db.prepare(`UPDATE connections SET token_ciphertext = X'', deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(
          deletion.at,
          deletion.by,
          deletion.at,
          connectionId,
        );
      } finally {
        db.pragma(`secure_delete = ${secureDelete}`);
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      return connections.getConnection(connectionId);
    },
  };
  return connections;
}
