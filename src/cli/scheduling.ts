import type { Client } from '@temporalio/client';
import type { Connection } from '../store/index.js';
import { DEFAULT_SCHEDULE, describeSchedule, setSchedule } from '../temporal/schedules.js';
import { workersPolling } from '../temporal/connection-control.js';
import type { Runtime } from './runtime.js';

/** After a connection is saved: give it the default collection schedule (every 24 h), and say whether it will fire. */
export function scheduleOnSave(rt: Runtime, say: (line: string) => void) {
  return async (connection: Connection): Promise<void> => {
    try {
      const endpoint = await rt.temporal();
      const client = await rt.client();
      const description = await setSchedule(client, endpoint.taskQueue, connection, DEFAULT_SCHEDULE);
      say(
        `Scheduled collections of ${connection.name} every ${DEFAULT_SCHEDULE.every}; next ` +
          `at ${description.info.nextActionTimes[0]?.toISOString() ?? 'unknown'}`,
      );
      const serving = await workerServing(rt, client, endpoint.taskQueue);
      if (!serving.serving) say(serving.message);
    } catch (error) {
      say(
        `Saved ${connection.name}, but its schedule was not created (${(error as Error).message}); create it with ` +
          `\`iru-evidence schedule set --connection ${connection.name}\``,
      );
    }
  };
}

/**
 * Whether a worker serves the task queue the schedules start collections on, and what to do when none does. With the
 * embedded Temporal server that is the usual case outside \`iru-evidence dev\`: the server stops with the command.
 */
export async function workerServing(rt: Runtime, client: Client, taskQueue: string): Promise<{ serving: boolean; message: string }> {
  if ((await workersPolling({ client, namespace: client.options.namespace, taskQueue })) > 0)
    return { serving: true, message: `A worker is serving task queue "${taskQueue}": scheduled collections will run.` };
  const start =
    rt.config.mode === 'embedded'
      ? 'The embedded Temporal server runs only while an iru-evidence command does, so scheduled collections run while ' +
        '`iru-evidence dev` (the web app, Temporal and a worker) or `iru-evidence worker` runs: start one of them and keep it running.'
      : 'Scheduled collections wait until one polls it: start `iru-evidence worker` where it can reach this Temporal server.';
  return { serving: false, message: `No worker is serving task queue "${taskQueue}". ${start}` };
}

/**
 * When the connection's schedule runs next, read as \`schedule show\` reads it (the embedded server is started when
 * needed), so that \`status\` and \`schedule show\` agree; undefined when there is none or it is paused.
 */
export function nextRunFromSchedule(rt: Runtime) {
  return async (connection: Connection): Promise<Date | undefined> => {
    const description = await describeSchedule(await rt.client(), connection.name);
    return description?.state.paused ? undefined : description?.info.nextActionTimes[0];
  };
}
