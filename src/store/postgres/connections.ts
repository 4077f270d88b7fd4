import { randomUUID } from 'node:crypto';
import { CONNECTION_COLUMNS } from '../columns.js';
import { DeletedConnectionError } from '../connection-errors.js';
import { tokenFingerprint, type TokenCipher } from '../token-cipher.js';
import type { Connection, ConnectionStore } from '../types.js';
import type { Database } from './database.js';

const DEFAULT_FRESHNESS_HOURS = 48;
/** First key of the two-key advisory locks that serialise saving one connection name (a key space of its own). */
const CONNECTION_NAME_LOCK = 1;

export function postgresConnections(db: Database, cipher: TokenCipher): ConnectionStore {
  return {
    async saveConnection(input) {
      return db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CONNECTION_NAME_LOCK, input.name]);
        const existing = (
          await client.query<{ id: string; freshnessHours: number; deletedAt: string | null }>(
            'SELECT id, freshness_hours AS "freshnessHours", deleted_at AS "deletedAt" FROM connections WHERE name = $1',
            [input.name],
          )
        ).rows[0];
        if (existing?.deletedAt) throw new DeletedConnectionError({ id: existing.id, name: input.name, deletedAt: existing.deletedAt });
        const id = existing?.id ?? randomUUID();
        const now = new Date().toISOString();
        const { rows } = await client.query<Connection>(
          `INSERT INTO connections (id, name, base_url, region, app, token_ciphertext, token_fingerprint, freshness_hours, status, status_reason,
             created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ok', NULL, $9, $9)
           ON CONFLICT (id) DO UPDATE SET base_url = $3, region = $4, app = $5, token_ciphertext = $6, token_fingerprint = $7,
             freshness_hours = $8, status = 'ok', status_reason = NULL, updated_at = $9
           RETURNING ${CONNECTION_COLUMNS}`,
          [
            id,
            input.name,
            input.baseUrl,
            input.region ?? null,
            input.app ?? null,
            cipher.encrypt(input.token, id),
            tokenFingerprint(input.token),
            input.freshnessHours ?? existing?.freshnessHours ?? DEFAULT_FRESHNESS_HOURS,
            now,
          ],
        );
        return rows[0]!;
      });
    },

    async getConnection(idOrName) {
      return (await db.query<Connection>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1 OR name = $1`, [idOrName]))[0];
    },

    async listConnections() {
      return db.query<Connection>(`SELECT ${CONNECTION_COLUMNS} FROM connections ORDER BY name`);
    },

    async readToken(connectionId) {
      const [row] = await db.query<{ ciphertext: Buffer; name: string; deletedAt: string | null }>(
        'SELECT token_ciphertext AS ciphertext, name, deleted_at AS "deletedAt" FROM connections WHERE id = $1',
        [connectionId],
      );
      if (!row) throw new Error(`No connection with id ${connectionId}`);
      if (row.deletedAt) throw new DeletedConnectionError({ id: connectionId, name: row.name, deletedAt: row.deletedAt });
      return cipher.decrypt(row.ciphertext, connectionId);
    },

    async setConnectionStatus(connectionId, status, reason) {
      await db.query('UPDATE connections SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4', [
        status,
        reason,
        new Date().toISOString(),
        connectionId,
      ]);
    },

    async deleteConnection(connectionId, deletion) {
      await db.query(
        `UPDATE connections SET token_ciphertext = ''::bytea, deleted_at = $1, deleted_by = $2, updated_at = $1 WHERE id = $3 AND deleted_at IS NULL`,
        [deletion.at, deletion.by, connectionId],
      );
      return (await db.query<Connection>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1`, [connectionId]))[0];
    },
  };
}
