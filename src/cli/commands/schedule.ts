import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { DeletedConnectionError, type Connection } from '../../store/index.js';
import { DEFAULT_SCHEDULE, describeSchedule, pauseSchedule, resumeSchedule, setSchedule, triggerSchedule } from '../../temporal/schedules.js';
import { runningCollection } from '../../temporal/collections.js';
import { CliError } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { workerServing } from '../scheduling.js';

const DURATION = /^\d+(s|m|h|d)$/;

function duration(flag: string) {
  return (value: string) => {
    if (!DURATION.test(value)) throw new CliError(`${flag} must be a number with a unit s, m, h or d (e.g. 24h), not "${value}"`);
    return value;
  };
}

export function registerSchedule(program: Command, runtime: () => Runtime): void {
  const schedule = program.command('schedule').description('Temporal Schedules: one per connection');

  schedule
    .command('set')
    .description('Create or change the schedule of a connection (overlapping runs are skipped)')
    .requiredOption('--connection <name>', 'a saved connection')
    .option('--every <duration>', 'interval between collections', duration('--every'), DEFAULT_SCHEDULE.every)
    .option('--catchup-window <duration>', 'how far back missed runs are caught up', duration('--catchup-window'), DEFAULT_SCHEDULE.catchupWindow)
    .option('--json', 'print JSON')
    .action(async (flags: { connection: string; every: string; catchupWindow: string; json?: boolean }) => {
      const rt = runtime();
      const connection = await saved(rt, flags.connection);
      const endpoint = await rt.temporal();
      const client = await rt.client();
      const description = await setSchedule(client, endpoint.taskQueue, connection, { every: flags.every, catchupWindow: flags.catchupWindow });
      const worker = await workerServing(rt, client, endpoint.taskQueue);
      print(
        flags.json,
        { connection: connection.name, every: flags.every, catchupWindow: flags.catchupWindow, nextRuns: nextRuns(description), workerServing: worker.serving },
        `Scheduled ${connection.name} every ${flags.every}; next run ${nextRuns(description)[0] ?? 'unknown'}\n${worker.message}`,
      );
    });

  for (const [verb, describe, act] of [
    ['pause', 'Pause scheduled collections of a connection', (client: Client, c: Connection) => pauseSchedule(client, c.name, 'paused from the CLI')],
    ['resume', 'Resume scheduled collections of a connection', (client: Client, c: Connection) => resumeSchedule(client, c.name, 'resumed from the CLI')],
    [
      'trigger',
      'Start a scheduled collection now (not while one of the connection is running)',
      (client: Client, c: Connection) => triggerSchedule(client, c.name),
    ],
  ] as const) {
    schedule
      .command(verb)
      .description(describe)
      .requiredOption('--connection <name>', 'a saved connection')
      .option('--json', 'print JSON')
      .action(async (flags: { connection: string; json?: boolean }) => {
        const rt = runtime();
        const connection = await saved(rt, flags.connection);
        const endpoint = await rt.temporal();
        const client = await rt.client();
        if (!(await describeSchedule(client, connection.name)))
          throw new CliError(`${connection.name} has no schedule yet: run \`iru-evidence schedule set --connection ${connection.name}\``);
        if (verb === 'trigger') {
          // Temporal skips a trigger that would overlap a running collection without a word: say so instead.
          const running = await runningCollection(client, rt.store, connection);
          if (running) {
            print(
              flags.json,
              { connection: connection.name, done: 'nothing', running },
              `${connection.name}: a collection is already running (${running}); not starting another`,
            );
            return;
          }
        }
        await act(client, connection);
        const worker = verb === 'pause' ? undefined : await workerServing(rt, client, endpoint.taskQueue);
        print(
          flags.json,
          { connection: connection.name, done: verb, ...(worker ? { workerServing: worker.serving } : {}) },
          `${verb}: ${connection.name}${worker && !worker.serving ? `\n${worker.message}` : ''}`,
        );
      });
  }

  schedule
    .command('show')
    .description('Show the schedule of a connection: paused or not, next runs, recent runs')
    .requiredOption('--connection <name>', 'a saved connection')
    .option('--json', 'print JSON')
    .action(async (flags: { connection: string; json?: boolean }) => {
      const rt = runtime();
      const connection = await saved(rt, flags.connection);
      const description = await describeSchedule(await rt.client(), connection.name);
      if (!description) throw new CliError(`${connection.name} has no schedule yet`);
      const view = { connection: connection.name, paused: description.state.paused, note: description.state.note ?? null, nextRuns: nextRuns(description) };
      print(flags.json, view, `${connection.name}: ${view.paused ? `paused (${view.note})` : 'active'}; next runs ${view.nextRuns.join(', ') || 'none'}`);
    });
}

function nextRuns(description: { info: { nextActionTimes: Date[] } }): string[] {
  return description.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString());
}

function print(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

async function saved(rt: Runtime, name: string): Promise<Connection> {
  const connection = await rt.store.getConnection(name);
  if (!connection) throw new CliError(`No saved connection named "${name}"`);
  if (connection.deletedAt) throw new CliError(new DeletedConnectionError(connection).message);
  return connection;
}
