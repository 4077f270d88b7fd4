import type { Connection, EvidenceStore } from '../store/index.js';
import { CliError } from './exit-codes.js';

/**
 * The saved connection named by --connection, or the only one saved when none is named; `ask` says what to give
 * when there is none, or several to choose from.
 */
export async function savedConnection(
  store: EvidenceStore,
  name: string | undefined,
  ask = 'Say which connection with --connection NAME',
): Promise<Connection> {
  if (name !== undefined) {
    const connection = await store.getConnection(name);
    if (!connection) throw new CliError(`No saved connection named "${name}"`);
    return connection;
  }
  const all = await store.listConnections();
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new CliError(`${ask} (no connection is saved yet: \`iru-evidence connect\` creates one)`);
  throw new CliError(`${ask} (saved: ${all.map((c) => c.name).join(', ')})`);
}
