import type { Connection } from '../store/index.js';
import { DEFAULT_SCHEDULE, describeSchedule, setSchedule } from '../temporal/schedules.js';
import { runningClient } from './running-client.js';
import type { Runtime } from './runtime.js';

/** After a connection is saved: give it the default collection schedule (every 24 h). */
export function scheduleOnSave(rt: Runtime, say: (line: string) => void) {
  return async (connection: Connection): Promise<void> => {
    try {
      const endpoint = await rt.temporal();
      const description = await setSchedule(await rt.client(), endpoint.taskQueue, connection, DEFAULT_SCHEDULE);
      say(
        `Scheduled collections of ${connection.name} every ${DEFAULT_SCHEDULE.every}; next ` +
          `at ${description.info.nextActionTimes[0]?.toISOString() ?? 'unknown'}`,
      );
    } catch (error) {
      say(
        `Saved ${connection.name}, but its schedule was not created (${(error as Error).message}); create it with ` +
          `\`iru-evidence schedule set --connection ${connection.name}\``,
      );
    }
  };
}

/** When the connection's schedule runs next, from a Temporal server that is already up (never starts one). */
export function nextRunFromSchedule(rt: Runtime) {
  return async (connection: Connection): Promise<Date | undefined> => {
    const client = await runningClient(rt);
    if (!client) return undefined;
    try {
      const description = await describeSchedule(client, connection.name);
      return description?.state.paused ? undefined : description?.info.nextActionTimes[0];
    } finally {
      if (rt.config.mode === 'embedded') await client.connection.close();
    }
  };
}
