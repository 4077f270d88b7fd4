import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription } from '@temporalio/client';
import type { Connection } from '../store/index.js';
import { COLLECT_WORKFLOW } from './client.js';

export interface ScheduleSettings {
  /** Interval between collections, as Temporal reads it ("24h", "6h", "30m"). */
  every: string;
  /** How far back missed runs are caught up after an outage. */
  catchupWindow: string;
}

export const DEFAULT_SCHEDULE: ScheduleSettings = { every: '24h', catchupWindow: '1h' };

/** One Temporal Schedule per connection. */
export function scheduleIdFor(connectionName: string): string {
  return `collect-${connectionName}`;
}

/** Creates or updates a connection's schedule: overlapping runs are skipped. */
export async function setSchedule(client: Client, taskQueue: string, connection: Connection, settings: ScheduleSettings): Promise<ScheduleDescription> {
  const scheduleId = scheduleIdFor(connection.name);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: COLLECT_WORKFLOW,
    workflowId: `collect-${connection.name}`,
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
