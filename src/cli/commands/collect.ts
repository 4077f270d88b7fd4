import type { Command } from 'commander';
import type { Connection, RunSummary } from '../../store/index.js';
import { API_TOKEN_SHAPE } from '../../iru/index.js';
import { collectionWorkflowId, runCollection, WorkflowFailedError } from '../../temporal/client.js';
import { askWorkflow } from '../../temporal/workflow-progress.js';
import { failureOf } from '../../failures/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { resolveLocation, type LocationFlags } from '../location-options.js';
import { printRunSummary } from '../output/run-summary.js';
import { watchProgress } from '../output/progress.js';
import type { Runtime } from '../runtime.js';
import { readToken } from '../token-input.js';

interface CollectFlags extends LocationFlags {
  connection?: string;
  tokenFile?: string;
  json?: boolean;
  localWorker?: boolean;
}

export function registerCollect(program: Command, runtime: () => Runtime): void {
  program
    .command('collect')
    .description('Run one collection through Temporal and store its Artifacts')
    .option('--region <region>', 'us, eu, iru or iru-eu')
    .option('--app <app>', 'the app segment: the subdomain of your Iru API URL')
    .option('--base-url <url>', 'an explicit API base URL (proxies, the simulator)')
    .option('--connection <name>', 'a saved connection, or the name to save this one under')
    .option('--token-file <file>', `read the API token from a file ("-" for stdin); else ${'IRU_API_TOKEN'}`)
    .option('--json', 'print the run summary as one JSON object')
    .option('--local-worker', 'run a worker in this process (default with the embedded Temporal server)')
    .option('--no-local-worker', 'rely on workers already running (`iru-evidence worker`)')
    .addHelpText('after', '\nExit codes: 0 succeeded or partial, 1 failed, 2 bad input, 3 token rejected (401), 4 environment.')
    .action(async (flags: CollectFlags) => {
      const rt = runtime();
      const connection = await connectionFor(rt, flags);
      const endpoint = await rt.temporal();
      if (flags.localWorker ?? rt.config.mode === 'embedded') await rt.startWorker();
      const client = await rt.client();
      const workflowId = collectionWorkflowId(connection.name);
      const stopProgress = flags.json ? () => {} : watchProgress(rt.store, workflowId, askWorkflow(client));
      let summary: RunSummary;
      try {
        summary = await runCollection(client, endpoint.taskQueue, { connectionId: connection.id }, workflowId);
      } catch (error) {
        if (!(error instanceof WorkflowFailedError)) throw error;
        const run = await rt.store.getRun(workflowId);
        if (!run?.summary) throw new CliError(`The collection failed: ${error.cause?.message ?? error.message}`, EXIT.RUN_FAILED);
        summary = run.summary;
      } finally {
        stopProgress();
      }
      printRunSummary(summary, Boolean(flags.json));
      process.exitCode = summary.status === 'failed' ? (failureOf(summary.error?.code)?.exitCode ?? EXIT.RUN_FAILED) : EXIT.OK;
    });
}

/** The connection to collect: a saved one by name, or the one given by flags (saved, with its token encrypted). */
async function connectionFor(rt: Runtime, flags: CollectFlags): Promise<Connection> {
  const location = resolveLocation(flags);
  const token = readToken(flags.tokenFile);
  if (!location) {
    if (!flags.connection) throw new CliError('Say what to collect: --region and --app, --base-url, or --connection NAME (see --help)');
    const saved = await rt.store.getConnection(flags.connection);
    if (!saved) throw new CliError(`No saved connection named "${flags.connection}"; create it with --region/--app or --base-url and a token`);
    return token ? rt.store.saveConnection({ name: saved.name, baseUrl: saved.baseUrl, region: saved.region, app: saved.app, token }) : saved;
  }
  if (!token) throw new CliError('No API token: pass --token-file FILE (or - for stdin) or set IRU_API_TOKEN. Tokens are never read from the command line.');
  const name = flags.connection ?? location.defaultName;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new CliError('--connection must be 1-64 letters, digits, dots, dashes or underscores');
  if (API_TOKEN_SHAPE.test(name))
    throw new CliError('--connection is an API token, not a connection name: names are shown and logged everywhere; pass the token with --token-file');
  return rt.store.saveConnection({ name, baseUrl: location.baseUrl.href, region: location.region, app: location.app, token });
}
