import { ERROR_TYPES } from '../failures/index.js';
import type { Connection } from './types.js';

/** A connection that was deleted was asked for its token, or its name was reused: both refused, nothing changed. */
export class DeletedConnectionError extends Error {
  override readonly name = 'DeletedConnectionError';
  readonly code = ERROR_TYPES.connectionDeleted;
  constructor(readonly connection: Pick<Connection, 'id' | 'name' | 'deletedAt'>) {
    super(
      `The connection "${connection.name}" was deleted (${connection.deletedAt}): it has no token and collects no more; its runs and Artifacts are ` +
        'kept under its name, which stays taken',
    );
  }
}
