import { EXCEPTION_COLUMNS } from '../columns.js';
import type { DeviceException, ExceptionStore } from '../types.js';
import type { Database } from './database.js';

export function postgresExceptions(db: Database): ExceptionStore {
  return {
    async createException(e) {
      const [created] = await db.query<DeviceException>(
        `INSERT INTO device_exceptions (id, connection_id, device_id, check_type, justification, approver, created_at, expires_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${EXCEPTION_COLUMNS}`,
        [e.id, e.connectionId, e.deviceId, e.check, e.justification, e.approver, e.createdAt, e.expiresOn],
      );
      return created!;
    },

    async getException(id) {
      return (await db.query<DeviceException>(`SELECT ${EXCEPTION_COLUMNS} FROM device_exceptions WHERE id = $1`, [id]))[0];
    },

    async listExceptions(filter = {}) {
      const where = filter.connectionId === undefined ? '' : 'WHERE connection_id = $1';
      const values = filter.connectionId === undefined ? [] : [filter.connectionId];
      return db.query<DeviceException>(`SELECT ${EXCEPTION_COLUMNS} FROM device_exceptions ${where} ORDER BY created_at DESC, id`, values);
    },

    async revokeException(id, at, by) {
      const revoked = await db.query<{ id: string }>(
        'UPDATE device_exceptions SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL RETURNING id',
        [at, by, id],
      );
      return revoked.length === 1;
    },
  };
}
