import type { Command } from 'commander';
import {
  checkConnectionName,
  checkLocation,
  checkRegion,
  checkToken,
  diagnosisText,
  REGION_LABELS,
  rotateToken as rotateConnectionToken,
  type Diagnose,
  type Diagnosis,
  type ResolveRegionUrl,
} from '../../diagnose/index.js';
import { REGIONS, resolveBaseUrl } from '../../iru/index.js';
import type { Connection, EvidenceStore } from '../../store/index.js';
import { checkedLocation } from '../checked-location.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { LocationFlags, ResolvedLocation } from '../location-options.js';
import { askValid, createPrompter, type Verdict } from '../prompt.js';
import type { Runtime } from '../runtime.js';
import { scheduleOnSave } from '../scheduling.js';
import { readToken, TOKEN_ENV } from '../token-input.js';
import { cliDiagnose, exitCodeFor } from './diagnose.js';

export interface ConnectFlags extends LocationFlags {
  tokenFile?: string;
  name?: string;
  rotateToken?: boolean;
  connection?: string;
  /** With --rotate-token: print one JSON object instead of the diagnosis text. */
  json?: boolean;
}

export interface ConnectDeps {
  store: EvidenceStore;
  diagnose: Diagnose;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Tests only: point region + app at the simulator. */
  resolveRegionUrl?: ResolveRegionUrl;
  /** Called after a new connection is saved (e.g. to create its collection schedule). */
  onSaved?: (connection: Connection) => Promise<void> | void;
}

const TOKEN_NOTE = 'Bearer JWT: the API token from Access > API tokens in Iru (it is shown only once, when the token is created).';

export function registerConnect(program: Command, runtime: () => Runtime): void {
  program
    .command('connect')
    .description('Connect an Iru tenant: region, app segment, API token; test the connection, then save it (the token encrypted)')
    .option('--region <region>', 'us, eu, iru or iru-eu (scripts; without flags the wizard asks)')
    .option('--app <app>', 'the app segment: the subdomain of your Iru API URL')
    .option('--base-url <url>', 'an explicit API base URL (proxies, the simulator)')
    .option('--token-file <file>', `read the API token from a file ("-" for stdin); else ${TOKEN_ENV}`)
    .option('--name <name>', 'the name to save the connection under (default: the app segment)')
    .option('--rotate-token', "replace a saved connection's token (with --connection), keeping its history; the same as `connections rotate-token NAME`")
    .option('--connection <name>', 'the saved connection whose token --rotate-token replaces')
    .addHelpText(
      'after',
      '\nNothing is saved unless the connection test reaches Iru and the token is accepted.\n' +
        'Exit codes: 0 saved, 1 not saved (host or permissions), 2 bad input, 3 token rejected (401).',
    )
    .action(async (flags: ConnectFlags) => {
      const rt = runtime();
      process.exitCode = await runConnect(flags, {
        store: rt.store,
        diagnose: cliDiagnose(),
        input: process.stdin,
        output: process.stdout,
        onSaved: flags.rotateToken ? undefined : scheduleOnSave(rt, (line) => process.stdout.write(`${line}\n`)),
      });
    });
}

/** The connect command: rotation, the scripted form (flags), or the interactive wizard. Returns the exit code. */
export async function runConnect(flags: ConnectFlags, deps: ConnectDeps): Promise<number> {
  if (flags.rotateToken) return rotateToken(flags, deps);
  if (flags.connection) throw new CliError('--connection goes with --rotate-token; to name a new connection use --name');
  if (flags.region || flags.app || flags.baseUrl || flags.tokenFile) return connectFromFlags(flags, deps);
  return connectInteractively(deps);
}

async function connectFromFlags(flags: ConnectFlags, deps: ConnectDeps): Promise<number> {
  const location = checkedLocation(flags, deps.resolveRegionUrl);
  if (!location) throw new CliError('Give --region and --app (or --base-url) with --token-file, or no flags for the interactive wizard');
  const token = readToken(flags.tokenFile);
  if (!token) throw new CliError(`No API token: pass --token-file FILE (or - for stdin) or set ${TOKEN_ENV}. Tokens are never read from the command line.`);
  const name = flags.name ?? location.defaultName;
  const checkedName = checkConnectionName(name);
  if (!checkedName.ok) throw new CliError(checkedName.error.message);
  await assertNameFree(deps.store, name);
  const write = (text: string) => deps.output.write(text);
  const diagnosis = await deps.diagnose({ baseUrl: location.baseUrl, token, region: location.region, app: location.app });
  write(diagnosisText(diagnosis));
  if (!diagnosis.canSave) return notSaved(diagnosis, write);
  const saved = await save(deps, name, location, token);
  write(savedText(saved));
  return EXIT.OK;
}

async function connectInteractively(deps: ConnectDeps): Promise<number> {
  const prompter = createPrompter(deps.input, deps.output);
  try {
    prompter.say('Connect an Iru tenant. Nothing is saved until the connection test passes and you confirm.\n');
    const resolve = deps.resolveRegionUrl ?? resolveBaseUrl;
    REGIONS.forEach((r, i) =>
      prompter.say(`  ${i + 1}) ${REGION_LABELS[r].padEnd(6)} ${resolveBaseUrl({ region: r, app: 'app' }).origin.replace('app.', '<app>.')}`),
    );
    const region = await askValid(prompter, 'Region [1-4, us, eu, iru or iru-eu]: ', (answer) => orMessage(checkRegion(answer)));
    const location = await askValid(prompter, 'App segment (the subdomain of your API URL, e.g. "acme" for https://acme.api.kandji.io): ', (answer) => {
      const checked = checkLocation({ region, app: answer }, resolve);
      return checked.ok ? checked : { ok: false, message: checked.errors.map((e) => e.message).join('; ') };
    });
    prompter.say(`  API URL: ${location.baseUrl.origin}`);
    prompter.say(`\n${TOKEN_NOTE}`);
    const token = await askValid(prompter, 'Bearer JWT: ', (answer) => orMessage(checkToken(answer, 'the Bearer JWT field')), { secret: true });

    prompter.say('\nTesting the connection...');
    const diagnosis = await deps.diagnose({ baseUrl: location.baseUrl, token, region: location.region, app: location.app });
    prompter.say(diagnosisText(diagnosis));
    if (!diagnosis.canSave) return notSaved(diagnosis, (text) => prompter.say(text.trimEnd()));

    const name = await askValid(prompter, `Connection name [${location.app}]: `, async (answer) => {
      const checked = orMessage(checkConnectionName(answer.trim() || location.app));
      const existing = checked.ok ? await deps.store.getConnection(checked.value) : undefined;
      if (existing) return { ok: false, message: nameTaken(existing) };
      return checked;
    });
    const confirm = (await prompter.ask(`Save "${name}" for ${location.baseUrl.origin}? [Y/n]: `)).trim().toLowerCase();
    if (confirm === 'n' || confirm === 'no') {
      prompter.say('Nothing was saved.');
      return EXIT.OK;
    }
    const saved = await save(deps, name, location, token);
    prompter.say(savedText(saved).trimEnd());
    return EXIT.OK;
  } finally {
    prompter.close();
  }
}

/**
 * Replaces a saved connection's token after the new one passes a diagnosis; on failure nothing changes. Both
 * `connect --rotate-token` and `connections rotate-token` run it.
 */
export async function rotateToken(flags: ConnectFlags, deps: ConnectDeps): Promise<number> {
  if (!flags.connection) throw new CliError('--rotate-token needs --connection NAME: the saved connection whose token to replace');
  if (flags.region || flags.app || flags.baseUrl || flags.name)
    throw new CliError("--rotate-token keeps the connection's address and name: drop --region, --app, --base-url and --name");
  const connection = await deps.store.getConnection(flags.connection);
  if (!connection) throw new CliError(`No saved connection named "${flags.connection}"`);
  let token = readToken(flags.tokenFile);
  const write = (text: string) => deps.output.write(text);
  if (!token) {
    const prompter = createPrompter(deps.input, deps.output);
    try {
      prompter.say(TOKEN_NOTE);
      token = await askValid(prompter, 'New Bearer JWT: ', (answer) => orMessage(checkToken(answer, 'the Bearer JWT field')), { secret: true });
    } finally {
      prompter.close();
    }
  }
  const rotation = await rotateConnectionToken(deps, connection, token);
  if (!rotation.rotated && rotation.reason === 'same') throw new CliError(`That is already the token of "${connection.name}": paste the new token`);
  if (flags.json) {
    write(
      `${JSON.stringify(
        {
          connection: connection.name,
          rotated: rotation.rotated,
          previousFingerprint: connection.tokenFingerprint,
          tokenFingerprint: rotation.rotated ? rotation.connection.tokenFingerprint : connection.tokenFingerprint,
          verdict: rotation.diagnosis?.verdict ?? null,
          problems: rotation.diagnosis?.problems ?? [],
        },
        null,
        2,
      )}\n`,
    );
    return rotation.rotated ? EXIT.OK : exitCodeFor(rotation.diagnosis!);
  }
  if (rotation.diagnosis) write(diagnosisText(rotation.diagnosis));
  if (!rotation.rotated) {
    write(`The token of "${connection.name}" was not changed.\n`);
    return exitCodeFor(rotation.diagnosis!);
  }
  write(
    `Replaced the token of "${rotation.connection.name}" (${rotation.previousFingerprint} -> ${rotation.connection.tokenFingerprint}); the old token is no ` +
      `longer stored, the run history and Artifacts are kept. Revoke the old token in Iru (Access > API tokens).\n`,
  );
  return EXIT.OK;
}

async function assertNameFree(store: EvidenceStore, name: string): Promise<void> {
  const existing = await store.getConnection(name);
  if (existing) throw new CliError(nameTaken(existing));
}

function nameTaken(existing: Connection): string {
  if (existing.deletedAt) {
    return `The name "${existing.name}" belongs to a connection deleted on ${existing.deletedAt}, whose evidence is kept under it: choose another name`;
  }
  return (
    `A connection named "${existing.name}" already exists: choose another name, or replace its token with ` +
    `\`iru-evidence connections rotate-token ${existing.name}\``
  );
}

async function save(deps: ConnectDeps, name: string, location: Pick<ResolvedLocation, 'baseUrl' | 'region' | 'app'>, token: string): Promise<Connection> {
  const connection = await deps.store.saveConnection({ name, baseUrl: location.baseUrl.href, region: location.region, app: location.app, token });
  await deps.onSaved?.(connection);
  return connection;
}

function savedText(connection: Connection): string {
  return (
    `Saved connection "${connection.name}" (${connection.baseUrl}, token ${connection.tokenFingerprint}, stored encrypted). Collect now with ` +
    `\`iru-evidence collect --connection ${connection.name}\`.\n`
  );
}

function notSaved(diagnosis: Diagnosis, write: (text: string) => void): number {
  write('Nothing was saved: the connection test must reach Iru and the token must be accepted.\n');
  return exitCodeFor(diagnosis);
}

function orMessage<T>(checked: { ok: true; value: T } | { ok: false; error: { message: string } }): Verdict<T> {
  return checked.ok ? checked : { ok: false, message: checked.error.message };
}
