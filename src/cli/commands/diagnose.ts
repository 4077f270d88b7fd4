import type { Command } from 'commander';
import { loadBudgetConfig } from '../../config/budget.js';
import { diagnoseConnection, diagnosisText, type Diagnose, type Diagnosis } from '../../diagnose/index.js';
import { failureOf } from '../../failures/index.js';
import { checkedLocation } from '../checked-location.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { LocationFlags } from '../location-options.js';
import { readToken, TOKEN_ENV } from '../token-input.js';

interface DiagnoseFlags extends LocationFlags {
  tokenFile?: string;
  json?: boolean;
}

/**
 * 0 healthy or warnings only (the evidence will be complete), the vocabulary's exit code for a verdict that is a failure
 * (3 token rejected), 1 anything else found (bad input is 2, raised before).
 */
export function exitCodeFor(diagnosis: Diagnosis): number {
  if (diagnosis.verdict === 'healthy' || diagnosis.verdict === 'warnings') return EXIT.OK;
  return failureOf(diagnosis.verdict)?.exitCode ?? EXIT.RUN_FAILED;
}

/** `diagnose` (and the `connect` wizard) with the budget from the environment. */
export function cliDiagnose(env: NodeJS.ProcessEnv = process.env): Diagnose {
  let budget;
  try {
    budget = loadBudgetConfig(env).budget;
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.ENVIRONMENT);
  }
  return (target) => diagnoseConnection(target, { budget });
}

export function registerDiagnose(program: Command): void {
  program
    .command('diagnose')
    .description('Test a connection: host, API token, GET permission matrix (with the evidence each gap costs) and collection cost')
    .option('--region <region>', 'us, eu, iru or iru-eu')
    .option('--app <app>', 'the app segment: the subdomain of your Iru API URL')
    .option('--base-url <url>', 'an explicit API base URL (proxies, the simulator)')
    .option('--token-file <file>', `read the API token from a file ("-" for stdin); else ${TOKEN_ENV}`)
    .option('--json', 'print the diagnosis as one JSON object (schemas/diagnosis.schema.json)')
    .addHelpText(
      'after',
      '\nSends one GET per catalog endpoint, a few per per-parent endpoint (to see how long their lists run) and a few counts; ' +
        'estimates the requests of the collection the planner would run.\n' +
        'Exit codes: 0 no problems (warnings, if any, are listed apart), 1 problems found (the evidence would be incomplete) or host unreachable, ' +
        '2 bad input, 3 token rejected (401).',
    )
    .action(async (flags: DiagnoseFlags) => {
      process.exitCode = await runDiagnose(flags, { diagnose: cliDiagnose(), write: (s) => process.stdout.write(s) });
    });
}

export async function runDiagnose(flags: DiagnoseFlags, deps: { diagnose: Diagnose; write: (text: string) => void }): Promise<number> {
  const location = checkedLocation(flags);
  if (!location) throw new CliError('Say what to diagnose: --region and --app, or --base-url (see --help)');
  const token = readToken(flags.tokenFile);
  if (!token) throw new CliError(`No API token: pass --token-file FILE (or - for stdin) or set ${TOKEN_ENV}. Tokens are never read from the command line.`);
  const diagnosis = await deps.diagnose({ baseUrl: location.baseUrl, token, region: location.region, app: location.app });
  deps.write(flags.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : diagnosisText(diagnosis));
  return exitCodeFor(diagnosis);
}
