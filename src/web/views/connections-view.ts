import { connectionWarning, type ConnectionWarning } from '../../read-model/connection-warnings.js';
import { lastFinishedRun } from '../../read-model/posture.js';
import type { Connection } from '../../store/index.js';
import type { WebContext } from '../context.js';
import { currentArtifacts } from './catalog-views.js';

export interface ConnectionListItem extends Connection {
  lastRun: { id: string; status: string; startedAt: string } | null;
  /** What the newest finished run says an admin must do; null when it was whole. */
  attention: ConnectionWarning | null;
  currentArtifacts: number;
  staleArtifacts: number;
}

export interface ConnectionsView {
  connections: ConnectionListItem[];
  /** Whether deleted connections are listed; they are not by default. */
  includeDeleted: boolean;
  /** How many connections are deleted, listed or not. */
  deleted: number;
}

/** The connections, live ones only unless `includeDeleted`: a deleted connection collects no more, but its evidence stays. */
export async function connectionsView(ctx: WebContext, options: { includeDeleted?: boolean } = {}): Promise<ConnectionsView> {
  const current = await currentArtifacts(ctx);
  const all = await ctx.store.listConnections();
  const includeDeleted = options.includeDeleted ?? false;
  const connections = includeDeleted ? all : all.filter((c) => !c.deletedAt);
  return {
    includeDeleted,
    deleted: all.filter((c) => c.deletedAt).length,
    connections: await Promise.all(
      connections.map(async (c) => {
        const [last] = await ctx.store.findRuns({ connectionId: c.id, limit: 1 });
        const finished = await lastFinishedRun(ctx.store, c.id);
        const own = current.filter((a) => a.connection.id === c.id);
        return {
          ...c,
          lastRun: last ? { id: last.id, status: last.status, startedAt: last.startedAt } : null,
          attention: c.deletedAt ? null : (connectionWarning(c, finished) ?? null),
          currentArtifacts: own.length,
          staleArtifacts: own.filter((a) => a.freshness === 'stale').length,
        };
      }),
    ),
  };
}
