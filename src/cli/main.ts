import { Command, CommanderError } from 'commander';
import { CONNECTOR_VERSION } from '../collector/version.js';
import { registerArtifacts } from './commands/artifacts.js';
import { registerCollect } from './commands/collect.js';
import { registerConnect } from './commands/connect.js';
import { registerConnections } from './commands/connections.js';
import { registerDemo } from './commands/demo.js';
import { registerDev } from './commands/dev.js';
import { registerExceptions } from './commands/exceptions.js';
import { registerServe } from './commands/serve.js';
import { registerDiagnose } from './commands/diagnose.js';
import { registerSchedule } from './commands/schedule.js';
import { registerSimulator } from './commands/simulator.js';
import { registerUsers } from './commands/users.js';
import { registerStatus } from './commands/status.js';
import { registerWorker } from './commands/worker.js';
import { failureOfError } from '../failures/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { Runtime } from './runtime.js';

/**
 * Long-running commands log their progress for a log collector; on a terminal, and for one-shot commands, only warnings
 * and errors are logged (people read the commands' own lines), unless LOG_LEVEL says otherwise.
 */
const DAEMONS = new Set(['worker', 'dev', 'serve']);

export async function main(argv: string[]): Promise<number> {
  let runtime: Runtime | undefined;
  const defaultLevel = DAEMONS.has(argv[2] ?? '') && !process.stderr.isTTY ? 'info' : 'warn';
  const lazyRuntime = () => (runtime ??= new Runtime({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? defaultLevel }));
  const program = new Command('iru-evidence')
    .description('Compliance evidence collector for the Iru Endpoint API (formerly Kandji): read-only, on Temporal, into hashed Artifacts')
    .version(CONNECTOR_VERSION.replace('iru-evidence/', ''))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // Commands import what only they use (the web app, the simulator, exporters) in their action, so that a worker
  // process loads no more than it runs.
  registerCollect(program, lazyRuntime);
  registerArtifacts(program, lazyRuntime);
  registerWorker(program, lazyRuntime);
  registerDemo(program, lazyRuntime);
  registerDev(program, lazyRuntime);
  registerSchedule(program, lazyRuntime);
  registerSimulator(program);
  registerServe(program, lazyRuntime);
  registerUsers(program, lazyRuntime);
  registerExceptions(program, lazyRuntime);
  registerConnect(program, lazyRuntime);
  registerConnections(program, lazyRuntime);
  registerDiagnose(program);
  registerStatus(program, lazyRuntime);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (error instanceof CliError) {
      process.stderr.write(`iru-evidence: ${error.message}\n`);
      return error.exitCode;
    }
    const failure = failureOfError(error);
    // An expected failure is one message (and what to do about it); only our own bugs show a stack.
    if (failure.kind !== 'internal') {
      // Errors of this installation and of the input say what to do in their message already.
      const remedy = remedyOf(error) ?? (failure.kind === 'environment' || failure.kind === 'bad_input' ? undefined : failure.remedy);
      process.stderr.write(`iru-evidence: ${(error as Error).message}\n${remedy ? `Fix: ${remedy}\n` : ''}`);
      return failure.exitCode;
    }
    process.stderr.write(`iru-evidence: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.ENVIRONMENT;
  } finally {
    await runtime?.close();
  }
}

function remedyOf(error: unknown): string | undefined {
  const remedy = error !== null && typeof error === 'object' && 'remedy' in error ? error.remedy : undefined;
  return typeof remedy === 'string' && remedy ? remedy : undefined;
}
