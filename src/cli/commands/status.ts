import type { Command } from 'commander';
import { connectionTiming, timingText, type NextRunProvider } from '../../diagnose/index.js';
import { CliError } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { nextRunFromSchedule } from '../scheduling.js';

export interface StatusOptions {
  /** When the connection's next scheduled collection runs (Temporal Schedules); without it none is known. */
  nextRunAt?: NextRunProvider;
}

export function registerStatus(program: Command, runtime: () => Runtime, options: StatusOptions = {}): void {
  program
    .command('status')
    .description("A connection's collection timing: last run, last successful sync, time per source and on rate limits, next run, Artifact freshness")
    .requiredOption('--connection <name>', 'a saved connection')
    .option('--json', 'print JSON')
    .action(async (flags: { connection: string; json?: boolean }) => {
      const rt = runtime();
      const connection = await rt.store.getConnection(flags.connection);
      if (!connection) throw new CliError(`No saved connection named "${flags.connection}"`);
      const timing = await connectionTiming(rt.store, connection, { nextRunAt: options.nextRunAt ?? nextRunFromSchedule(rt) });
      process.stdout.write(flags.json ? `${JSON.stringify(timing, null, 2)}\n` : timingText(timing));
    });
}
