import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { collectEvidence } from '../../workflows/index.js';
import type { Connection, EvidenceStore } from '../store/index.js';
import { COLLECT_WORKFLOW, collectionWorkflowId } from '../temporal-contract.js';
import { describeSchedule } from './schedules.js';

/** What starting a collection on request did: started one, or found one (by its client key, or already running). */
export interface CollectionStart {
  runId: string;
  outcome: 'started' | 'same_key' | 'in_progress';
}

/** The part of a workflow id that names the connection, as collectionWorkflowId writes it. */
function idPart(connectionName: string): string {
  return connectionName.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** The workflow id of the collection a client key starts: the same connection and key give the same id, for ever. */
export function keyedWorkflowId(connection: Pick<Connection, 'id' | 'name'>, clientKey: string): string {
  return `collect-${idPart(connection.name)}-key-${createHash('sha256').update(`${connection.id}\u0000${clientKey}`).digest('hex').slice(0, 32)}`;
}

/** What follows "collect-<name>-" in the ids of the connection's own collections: on demand, by key, or from its schedule. */
const OWN_SUFFIX = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|key-[0-9a-f]{32}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/;

/** Whether a collection's workflow id is one of this connection's (and not of a connection whose name starts the same). */
export function isCollectionOf(workflowId: string, connectionName: string): boolean {
  const prefix = `collect-${idPart(connectionName)}-`;
  return workflowId.startsWith(prefix) && OWN_SUFFIX.test(workflowId.slice(prefix.length));
}

async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * The id of a collection of this connection that is running now, however it was started (CLI, schedule, API), if
 * any: one its schedule started, a recorded one, or an open one not yet planned. A run the store still calls running
 * counts only while its workflow does (one terminated stays "running" in the store); a workflow not yet planned has no
 * run record, so open workflows are looked at too.
 */
export async function runningCollection(client: Client, store: EvidenceStore, connection: Connection): Promise<string | undefined> {
  const scheduled = (await describeSchedule(client, connection.name))?.info.runningActions[0]?.workflow.workflowId;
  if (scheduled) return scheduled;
  for (const run of await store.findRuns({ connectionId: connection.id, limit: 20 })) {
    if (run.status === 'running' && (await isRunning(client, run.workflowId))) return run.workflowId;
  }
  const open = client.workflow.list({ query: `WorkflowType = '${COLLECT_WORKFLOW}' AND ExecutionStatus = 'Running'`, pageSize: 100 });
  for await (const workflow of open) {
    if (workflow.memo?.connectionId === connection.id || isCollectionOf(workflow.workflowId, connection.name)) return workflow.workflowId;
  }
  return undefined;
}

/**
 * Starts one collection of the connection unless one is already under way: a client key names one collection for
 * ever (asking again returns it, running or finished, and never starts a second: Temporal refuses a duplicate id), and a
 * collection running for the connection is returned instead of starting a parallel one that would double the API spend.
 * Two requests with different keys in the same instant may still both start one (the check and the start are not one step).
 */
export async function startCollectionOnce(
  client: Client,
  taskQueue: string,
  store: EvidenceStore,
  connection: Connection,
  clientKey: string | undefined,
): Promise<CollectionStart> {
  const workflowId = clientKey === undefined ? collectionWorkflowId(connection.name) : keyedWorkflowId(connection, clientKey);
  if (clientKey !== undefined && (await exists(client, workflowId))) return { runId: workflowId, outcome: 'same_key' };
  const running = await runningCollection(client, store, connection);
  if (running) return { runId: running, outcome: 'in_progress' };
  try {
    await client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, {
      taskQueue,
      workflowId,
      args: [{ connectionId: connection.id }],
      memo: { connectionId: connection.id },
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { runId: workflowId, outcome: 'same_key' };
    throw error;
  }
  return { runId: workflowId, outcome: 'started' };
}

async function exists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/** A collection Temporal knows but the store does not yet (not planned): when it started, and for which connection. */
export async function pendingCollection(client: Client, workflowId: string): Promise<{ connectionId: string | undefined; startedAt: string } | undefined> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.type !== COLLECT_WORKFLOW || description.status.name !== 'RUNNING') return undefined;
    const connectionId = description.memo?.connectionId;
    return { connectionId: typeof connectionId === 'string' ? connectionId : undefined, startedAt: description.startTime.toISOString() };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
