/**
 * What an admin does to a connection through Temporal, shared by the web app, the CLI and the HTTP API: collect now
 * (or find the collection already running), pause and resume its schedule, and delete it (schedule gone, token
 * destroyed, evidence kept).
 */
import type { Client } from '@temporalio/client';
import { FAILURES, ERROR_TYPES } from '../failures/index.js';
import { ConflictError, NotFoundError } from '../read-model/errors.js';
import { DeletedConnectionError, type Connection, type EvidenceStore } from '../store/index.js';
import { runningCollection, startCollectionOnce } from './collections.js';
import {
  DEFAULT_SCHEDULE,
  deleteSchedule,
  describeSchedule,
  pauseSchedule,
  resumeSchedule,
  scheduleView,
  setSchedule,
  type ScheduleView,
} from './schedules.js';

/** A client of a reachable Temporal server and the task queue this installation's workers serve. */
export interface TemporalAccess {
  client: Client;
  namespace: string;
  taskQueue: string;
}

/** No Temporal server answers: nothing that needs one can be done. */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';
  readonly code = ERROR_TYPES.temporalUnreachable;
  constructor(what: string, hint?: string) {
    super(`Temporal is not reachable, so ${what}. ${hint ? `${hint} ` : ''}${FAILURES.temporal_unreachable.remedy}`);
  }
}

/** Temporal answers, but no worker polls the task queue: a collection started now would wait for one. */
export class NoWorkerError extends Error {
  override readonly name = 'NoWorkerError';
  readonly code = ERROR_TYPES.noWorker;
  constructor(taskQueue: string) {
    super(`No worker is serving the task queue "${taskQueue}", so nothing was started. ${FAILURES.no_worker.remedy}`);
  }
}

/** The access, or TemporalUnreachableError saying what could not be done. */
export function reachable(access: TemporalAccess | undefined, what: string, hint?: string): TemporalAccess {
  if (!access) throw new TemporalUnreachableError(what, hint);
  return access;
}

/** How many workers poll the task queue for workflow tasks, as Temporal's task queue description says. */
export async function workersPolling(access: TemporalAccess): Promise<number> {
  const WORKFLOW_TASKS = 1; // temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
  const response = await access.client.workflowService.describeTaskQueue({
    namespace: access.namespace,
    taskQueue: { name: access.taskQueue },
    taskQueueType: WORKFLOW_TASKS,
  });
  return response.pollers?.length ?? 0;
}

/**
 * The run id (its workflow id) of a collection of the connection running now, however it was started (its schedule,
 * the CLI, the API or this page): see runningCollection.
 */
export function collectionInProgress(access: TemporalAccess, store: EvidenceStore, connection: Connection): Promise<string | undefined> {
  return runningCollection(access.client, store, connection);
}

export interface CollectNow {
  /** The run: the one started, or the one that was already running. */
  runId: string;
  /** False when a collection was already running: it is returned instead of starting another. */
  started: boolean;
  /** Whether the store records the run yet (its page exists); a worker records it when it plans the run. */
  recorded: boolean;
}

/** One start at a time per connection in this process, so that a double click starts one run. */
const starting = new Map<string, Promise<CollectNow>>();

/**
 * Starts a collection of the connection now, or returns the one already running (never two at once). Refused when
 * the connection was deleted, or when no worker serves the task queue (the run would wait unseen). Waits up to
 * `recordWaitMs` for the worker to record the run, so that its page exists when the caller links to it.
 */
export async function collectNow(
  access: TemporalAccess,
  store: EvidenceStore,
  connection: Connection,
  options: { recordWaitMs?: number } = {},
): Promise<CollectNow> {
  if (connection.deletedAt) throw new DeletedConnectionError(connection);
  const pending = starting.get(connection.id);
  if (pending) return pending.then((run) => ({ ...run, started: false }));
  const start = (async (): Promise<CollectNow> => {
    const running = await collectionInProgress(access, store, connection);
    if (running) return { runId: running, started: false, recorded: Boolean(await store.getRun(running)) };
    if ((await workersPolling(access)) === 0) throw new NoWorkerError(access.taskQueue);
    const { runId, outcome } = await startCollectionOnce(access.client, access.taskQueue, store, connection, undefined);
    if (outcome !== 'started') return { runId, started: false, recorded: Boolean(await store.getRun(runId)) };
    return { runId, started: true, recorded: await recordedWithin(store, runId, options.recordWaitMs ?? 5_000) };
  })();
  starting.set(connection.id, start);
  try {
    return await start;
  } finally {
    starting.delete(connection.id);
  }
}

async function recordedWithin(store: EvidenceStore, runId: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await store.getRun(runId)) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The connection's schedule, or undefined when it has none. */
export async function connectionSchedule(access: TemporalAccess, connection: Connection): Promise<ScheduleView | undefined> {
  const description = await describeSchedule(access.client, connection.name);
  return description && scheduleView(description);
}

/** Pauses or resumes the connection's schedule; NotFoundError when it has none. */
export async function setCollectionsPaused(access: TemporalAccess, connection: Connection, paused: boolean, note: string): Promise<ScheduleView> {
  if (connection.deletedAt) throw new DeletedConnectionError(connection);
  if (!(await describeSchedule(access.client, connection.name))) {
    throw new NotFoundError(`${connection.name} has no schedule: create one first (every ${DEFAULT_SCHEDULE.every} by default)`);
  }
  await (paused ? pauseSchedule : resumeSchedule)(access.client, connection.name, note);
  return (await connectionSchedule(access, connection))!;
}

/** Gives the connection the default schedule (every 24 h) when it has none; an existing schedule is left as it is. */
export async function ensureSchedule(access: TemporalAccess, connection: Connection): Promise<ScheduleView> {
  if (connection.deletedAt) throw new DeletedConnectionError(connection);
  const existing = await connectionSchedule(access, connection);
  if (existing) return existing;
  return scheduleView(await setSchedule(access.client, access.taskQueue, connection, DEFAULT_SCHEDULE));
}

export interface Deletion {
  connection: Connection;
  /** Whether a schedule was deleted (false: it had none). */
  scheduleDeleted: boolean;
}

/**
 * Deletes a connection: its schedule first (so nothing collects it again), then, in the store, its token ciphertext,
 * marking it deleted by `by`. Its runs and Artifacts stay, and its name stays taken. Refused (ConflictError, nothing
 * changed) while a collection of it runs, and for a connection already deleted.
 */
export async function deleteConnection(access: TemporalAccess, store: EvidenceStore, connection: Connection, by: string, now = new Date()): Promise<Deletion> {
  if (connection.deletedAt) throw new ConflictError(`The connection "${connection.name}" was already deleted (${connection.deletedAt})`);
  const running = await collectionInProgress(access, store, connection);
  if (running) {
    throw new ConflictError(`A collection of "${connection.name}" is running (run ${running}): wait for it to end, then delete the connection`);
  }
  const scheduleDeleted = await deleteSchedule(access.client, connection.name);
  const deleted = await store.deleteConnection(connection.id, { at: now.toISOString(), by });
  return { connection: deleted!, scheduleDeleted };
}
