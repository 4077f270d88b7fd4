import { connectionWarning, type ConnectionWarning } from '../../read-model/connection-warnings.js';
import { deniedPermissions, type DeniedPermission } from '../../read-model/connection-permissions.js';
import { NotFoundError } from '../../read-model/errors.js';
import { lastFinishedRun } from '../../read-model/posture.js';
import type { Connection, RunStatus } from '../../store/index.js';
import { connectionSchedule } from '../../temporal/connection-control.js';
import type { ScheduleView } from '../../temporal/schedules.js';
import type { WebContext } from '../context.js';
import { currentArtifacts } from './catalog-views.js';

/** How many recent runs the page lists. */
const LAST_RUNS = 10;

export interface ConnectionRunItem {
  id: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** Requests to Iru, once the run finished. */
  requests: number | null;
}

export type ScheduleState = { known: true; schedule: ScheduleView | null } | { known: false; reason: string };

/** One connection as its page shows it: never its token, only the token's fingerprint. */
export interface ConnectionView {
  connection: Connection;
  attention: ConnectionWarning | null;
  schedule: ScheduleState;
  runs: ConnectionRunItem[];
  /** From the newest finished run: the GET permissions its token was denied. */
  permissions: { runId: string | null; checkedAt: string | null; denied: DeniedPermission[] };
  artifacts: { current: number; stale: number };
}

/** What the view reads: the store, the clock and Temporal when reachable (the web app's context, or the CLI's). */
export type ConnectionViewContext = Pick<WebContext, 'store' | 'now' | 'temporal'>;

export async function connectionByName(ctx: Pick<WebContext, 'store'>, name: string): Promise<Connection> {
  const connection = await ctx.store.getConnection(name);
  if (!connection) throw new NotFoundError(`No connection named "${name}"`);
  return connection;
}

export async function connectionView(ctx: ConnectionViewContext, connection: Connection): Promise<ConnectionView> {
  const [runs, finished, current, schedule] = await Promise.all([
    ctx.store.findRuns({ connectionId: connection.id, limit: LAST_RUNS }),
    lastFinishedRun(ctx.store, connection.id),
    currentArtifacts(ctx),
    scheduleState(ctx, connection),
  ]);
  const own = current.filter((a) => a.connection.id === connection.id);
  return {
    connection,
    attention: connection.deletedAt ? null : (connectionWarning(connection, finished) ?? null),
    schedule,
    runs: runs.map((r) => ({
      id: r.id,
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      durationMs: r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : null,
      requests: r.summary ? r.summary.sources.reduce((sum, s) => sum + s.requests, 0) : null,
    })),
    permissions: { runId: finished?.id ?? null, checkedAt: finished?.startedAt ?? null, denied: deniedPermissions(finished) },
    artifacts: { current: own.length, stale: own.filter((a) => a.freshness === 'stale').length },
  };
}

async function scheduleState(ctx: ConnectionViewContext, connection: Connection): Promise<ScheduleState> {
  if (connection.deletedAt) return { known: true, schedule: null };
  const temporal = await ctx.temporal();
  if (!temporal) return { known: false, reason: 'Temporal is not reachable from the web app' };
  try {
    return { known: true, schedule: (await connectionSchedule(temporal, connection)) ?? null };
  } catch (error) {
    return { known: false, reason: `Temporal did not answer (${(error as Error).message})` };
  }
}
