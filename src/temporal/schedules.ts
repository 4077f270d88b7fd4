import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Client, ScheduleDescription, ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Connection } from '../store/index.js';
import type { collectEvidence } from '../../workflows/index.js';
import { COLLECT_WORKFLOW, scheduledWorkflowId, scheduleIdFor } from '../temporal-contract.js';

export { scheduleIdFor } from '../temporal-contract.js';

export interface ScheduleSettings {
  /** Interval between collections, as Temporal reads it ("24h", "6h", "30m"). */
  every: string;
  /** How far back missed runs are caught up after an outage. */
  catchupWindow: string;
}

export const DEFAULT_SCHEDULE: ScheduleSettings = { every: '24h', catchupWindow: '1h' };

/** Creates or updates a connection's schedule: overlapping runs are skipped. */
export async function setSchedule(client: Client, taskQueue: string, connection: Connection, settings: ScheduleSettings): Promise<ScheduleDescription> {
  const scheduleId = scheduleIdFor(connection.name);
  const action: ScheduleOptionsStartWorkflowAction<typeof collectEvidence> = {
    type: 'startWorkflow',
    workflowType: COLLECT_WORKFLOW,
    workflowId: scheduledWorkflowId(connection.name),
    taskQueue,
    args: [{ connectionId: connection.id }],
  };
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.update((previous) => ({
      ...previous,
      spec: { intervals: [{ every: settings.every }] },
      action,
      policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: settings.catchupWindow },
    }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: settings.every }] },
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: settings.catchupWindow },
      memo: { connection: connection.name },
    });
  }
  return handle.describe();
}

export async function pauseSchedule(client: Client, connectionName: string, note: string): Promise<void> {
  await client.schedule.getHandle(scheduleIdFor(connectionName)).pause(note);
}

/** Pauses a connection's schedule, if it has one (a connection collected only on demand has none). */
export async function pauseScheduleIfAny(client: Client, connectionName: string, note: string): Promise<void> {
  try {
    await pauseSchedule(client, connectionName, note);
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

export async function resumeSchedule(client: Client, connectionName: string, note: string): Promise<void> {
  await client.schedule.getHandle(scheduleIdFor(connectionName)).unpause(note);
}

export async function triggerSchedule(client: Client, connectionName: string): Promise<void> {
  await client.schedule.getHandle(scheduleIdFor(connectionName)).trigger(ScheduleOverlapPolicy.SKIP);
}

export async function describeSchedule(client: Client, connectionName: string): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(scheduleIdFor(connectionName)).describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

/** Deletes a connection's schedule; false when it had none. */
export async function deleteSchedule(client: Client, connectionName: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleIdFor(connectionName)).delete();
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}

/** A connection's schedule as people read it: how often, paused or not (and why), the next runs. */
export interface ScheduleView {
  /** Interval between collections, in milliseconds (the first interval of the spec). */
  everyMs: number | null;
  paused: boolean;
  note: string | null;
  nextRuns: string[];
  /** Workflows the schedule started that are running now. */
  running: string[];
}

export function scheduleView(description: ScheduleDescription): ScheduleView {
  const every = description.spec.intervals?.[0]?.every;
  return {
    everyMs: typeof every === 'number' ? every : null,
    paused: description.state.paused,
    note: description.state.note ?? null,
    nextRuns: description.state.paused ? [] : description.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
    running: description.info.runningActions.map((a) => a.workflow.workflowId),
  };
}
