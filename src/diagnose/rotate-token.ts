/**
 * Replacing a saved connection's token: the new one must pass the same read-only connection test that saving a new
 * connection needs, or nothing changes. The CLI (`connect --rotate-token`, `connections rotate-token`) and the web
 * connection page share it.
 */
import { DeletedConnectionError, type Connection, type EvidenceStore } from '../store/index.js';
import { tokenFingerprint } from '../store/index.js';
import type { Diagnose } from './diagnose.js';
import type { Diagnosis } from './types.js';

export type Rotation =
  | { rotated: true; connection: Connection; previousFingerprint: string; diagnosis: Diagnosis }
  /** Refused: `same` (that is already its token) or `test_failed` (the diagnosis says why); the old token is kept. */
  | { rotated: false; reason: 'same' | 'test_failed'; diagnosis?: Diagnosis };

export async function rotateToken(deps: { store: EvidenceStore; diagnose: Diagnose }, connection: Connection, token: string): Promise<Rotation> {
  if (connection.deletedAt) throw new DeletedConnectionError(connection);
  if (tokenFingerprint(token) === connection.tokenFingerprint) return { rotated: false, reason: 'same' };
  const diagnosis = await deps.diagnose({ baseUrl: connection.baseUrl, token, region: connection.region, app: connection.app });
  if (!diagnosis.canSave) return { rotated: false, reason: 'test_failed', diagnosis };
  const saved = await deps.store.saveConnection({
    name: connection.name,
    baseUrl: connection.baseUrl,
    region: connection.region,
    app: connection.app,
    token,
    freshnessHours: connection.freshnessHours,
  });
  return { rotated: true, connection: saved, previousFingerprint: connection.tokenFingerprint, diagnosis };
}
