import type Database from 'better-sqlite3';
import { EXCEPTION_COLUMNS } from '../columns.js';
import type { DeviceException, ExceptionStore } from '../types.js';

export function sqliteExceptions(db: Database.Database): ExceptionStore {
  const byId = (id: string) => db.prepare<[string], DeviceException>(`SELECT ${EXCEPTION_COLUMNS} FROM device_exceptions WHERE id = ?`).get(id);

  return {
    async createException(e) {
      db.prepare(
        `INSERT INTO device_exceptions (id, connection_id, device_id, check_type, justification, approver, created_at, expires_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(e.id, e.connectionId, e.deviceId, e.check, e.justification, e.approver, e.createdAt, e.expiresOn);
      return byId(e.id)!;
    },

    async getException(id) {
      return byId(id);
    },

    async listExceptions(filter = {}) {
      const where = filter.connectionId === undefined ? '' : 'WHERE connection_id = ?';
      const values = filter.connectionId === undefined ? [] : [filter.connectionId];
      return db.prepare<unknown[], DeviceException>(`SELECT ${EXCEPTION_COLUMNS} FROM device_exceptions ${where} ORDER BY created_at DESC, id`).all(...values);
    },

    async revokeException(id, at, by) {
      return db.prepare('UPDATE device_exceptions SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL').run(at, by, id).changes === 1;
    },
  };
}
