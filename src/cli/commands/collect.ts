import type { Command } from 'commander';
import type { Connection, RunSummary } from '../../store/index.js';
import { preflight } from '../../diagnose/index.js';
import { API_TOKEN_SHAPE } from '../../iru/index.js';
import { startCollectionOnce } from '../../temporal/collections.js';
import { failureOf } from '../../failures/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { resolveLocation, type LocationFlags } from '../location-options.js';
import { printRunSummary } from '../output/run-summary.js';
import { followRun } from '../follow-run.js';
import { sayStartingTemporal } from '../output/starting-temporal.js';
import type { Runtime } from '../runtime.js';
import { savedConnection } from '../saved-connection.js';
import { watchInterrupt, type InterruptWatch } from '../signals.js';
import { readToken } from '../token-input.js';

interface CollectFlags extends LocationFlags {
  connection?: string;
  tokenFile?: string;
  json?: boolean;
  localWorker?: boolean;
  cancelOnInterrupt?: boolean;
}

export function registerCollect(program: Command, runtime: () => Runtime): void {
  program
    .command('collect')
    .description('Run one collection through Temporal and store its Artifacts')
    .option('--region <region>', 'us, eu, iru or iru-eu')
    .option('--app <app>', 'the app segment: the subdomain of your Iru API URL')
    .option('--base-url <url>', 'an explicit API base URL (proxies, the simulator)')
    .option('--connection <name>', 'a saved connection (default: the only one saved), or the name to save this one under')
    .option('--token-file <file>', `read the API token from a file ("-" for stdin); else ${'IRU_API_TOKEN'}`)
    .option('--json', 'print the run summary as one JSON object')
    .option('--local-worker', 'run a worker in this process (default with the embedded Temporal server)')
    .option('--no-local-worker', 'rely on workers already running (`iru-evidence worker`)')
    .option('--cancel-on-interrupt', 'Ctrl-C cancels the run (by default the run goes on in Temporal and resumes when a worker runs)')
    .addHelpText(
      'after',
      '\nA first request checks the tenant and the token; a new connection is saved only once the token is accepted.\n' +
        'Exit codes: 0 succeeded, 1 failed (or Iru unreachable), 2 bad input (or no such tenant), 3 token rejected (401), 4 environment ' +
        '(or offline), 5 partial, 130 interrupted (Ctrl-C).',
    )
    .action(async (flags: CollectFlags) => {
      const rt = runtime();
      const interrupt = watchInterrupt(EXIT.INTERRUPTED);
      try {
        process.exitCode = await collect(rt, flags, interrupt);
      } finally {
        interrupt.dispose();
      }
    });
}

async function collect(rt: Runtime, flags: CollectFlags, interrupt: InterruptWatch): Promise<number> {
  // Each step before the run starts is finished rather than abandoned on Ctrl-C, so that nothing is left half done
  // (a Temporal server started and not stopped); then the command stops.
  const stopIfInterrupted = () => {
    if (interrupt.interrupted) throw new CliError('Interrupted: no collection was started', EXIT.INTERRUPTED);
  };
  const connection = await connectionFor(rt, flags);
  stopIfInterrupted();
  sayStartingTemporal(rt, flags.json);
  const endpoint = await rt.temporal();
  stopIfInterrupted();
  if (flags.localWorker ?? rt.config.mode === 'embedded') await rt.startWorker();
  const client = await rt.client();
  stopIfInterrupted();
  // A collection of this connection already running (a schedule's, another command's) is followed, not doubled.
  const start = await startCollectionOnce(client, endpoint.taskQueue, rt.store, connection, undefined);
  if (start.outcome === 'in_progress' && !flags.json) {
    process.stderr.write(`A collection of ${connection.name} is already running (${start.runId}): following it instead of starting another\n`);
  }
  const handle = client.workflow.getHandle(start.runId);
  const summary = await followRun(rt, client, handle, interrupt, { json: flags.json, cancelOnInterrupt: flags.cancelOnInterrupt });
  if (!summary) return EXIT.INTERRUPTED;
  printRunSummary(summary, Boolean(flags.json));
  return exitCodeOf(summary);
}

/** 0 succeeded, 5 partial, else the exit code of the failure the run stopped with (1 when it names none). */
export function exitCodeOf(summary: RunSummary): number {
  if (summary.status === 'succeeded') return EXIT.OK;
  if (summary.status === 'partial') return EXIT.PARTIAL;
  return failureOf(summary.error?.code)?.exitCode ?? EXIT.RUN_FAILED;
}

/**
 * The connection to collect: a saved one by name (or the only one), or the one given by flags. A new connection, or a
 * new token for a saved one, is saved only once the pre-flight request shows the token accepted.
 */
async function connectionFor(rt: Runtime, flags: CollectFlags): Promise<Connection> {
  const location = resolveLocation(flags);
  const token = readToken(flags.tokenFile);
  if (!location) {
    const ask = 'Say what to collect: --region and --app, --base-url, or --connection NAME (see --help)';
    if (!flags.connection && token) throw new CliError(ask);
    const saved = await savedConnection(rt.store, flags.connection, ask);
    await preflight({ baseUrl: new URL(saved.baseUrl), token: token ?? (await rt.store.readToken(saved.id)) }, { budget: rt.budget.budget });
    return token ? rt.store.saveConnection({ name: saved.name, baseUrl: saved.baseUrl, region: saved.region, app: saved.app, token }) : saved;
  }
  if (!token) throw new CliError('No API token: pass --token-file FILE (or - for stdin) or set IRU_API_TOKEN. Tokens are never read from the command line.');
  const name = flags.connection ?? location.defaultName;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new CliError('--connection must be 1-64 letters, digits, dots, dashes or underscores');
  if (API_TOKEN_SHAPE.test(name))
    throw new CliError('--connection is an API token, not a connection name: names are shown and logged everywhere; pass the token with --token-file');
  await preflight({ baseUrl: location.baseUrl, token }, { budget: rt.budget.budget });
  return rt.store.saveConnection({ name, baseUrl: location.baseUrl.href, region: location.region, app: location.app, token });
}
