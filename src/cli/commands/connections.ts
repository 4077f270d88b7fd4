import type { Command } from 'commander';
import { ConflictError } from '../../read-model/errors.js';
import type { Connection } from '../../store/index.js';
import { deleteConnection, type TemporalAccess } from '../../temporal/connection-control.js';
import type { ConnectionView } from '../../web/views/connection-view.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createPrompter } from '../prompt.js';
import { runningClient } from '../running-client.js';
import type { Runtime } from '../runtime.js';
import { TOKEN_ENV } from '../token-input.js';
import { cliDiagnose } from './diagnose.js';
import { rotateToken } from './connect.js';

const HELP_AFTER = `
Pausing and resuming collections: \`iru-evidence schedule pause|resume --connection NAME\`; collecting now:
\`iru-evidence collect --connection NAME\`. Exit codes: 0 done, 2 bad input or not confirmed, 3 new token rejected (401),
4 Temporal or the store not usable.`;

export function registerConnections(program: Command, runtime: () => Runtime): void {
  const connections = program
    .command('connections')
    .description('Saved connections: list, show, rotate their token, delete them (their evidence is kept)')
    .addHelpText('after', HELP_AFTER);

  connections
    .command('list')
    .description('The saved connections: status, tenant, token fingerprint, last run (deleted ones only with --deleted)')
    .option('--deleted', 'list deleted connections too')
    .option('--json', 'print JSON')
    .action(async (flags: { deleted?: boolean; json?: boolean }) => {
      const rt = runtime();
      const all = await rt.store.listConnections();
      const listed = flags.deleted ? all : all.filter((c) => !c.deletedAt);
      const rows = await Promise.all(
        listed.map(async (c) => {
          const [last] = await rt.store.findRuns({ connectionId: c.id, limit: 1 });
          return { ...publicConnection(c), lastRun: last ? { id: last.id, status: last.status, startedAt: last.startedAt } : null };
        }),
      );
      if (flags.json) return print(rows);
      if (rows.length === 0)
        process.stdout.write(all.length ? 'No live connection (see --deleted).\n' : 'No connection yet: add one with `iru-evidence connect`.\n');
      for (const r of rows) {
        const state = r.deletedAt ? `deleted ${r.deletedAt}` : r.status;
        const last = r.lastRun ? `last run ${r.lastRun.status} ${r.lastRun.startedAt}` : 'never collected';
        process.stdout.write(`${r.name}  ${tenantText(r)}  ${state}  token ${r.tokenFingerprint}  ${last}\n`);
      }
      const hidden = all.length - listed.length;
      if (hidden > 0 && rows.length > 0) process.stdout.write(`(${hidden} deleted connection(s) not shown: --deleted lists them)\n`);
    });

  connections
    .command('show')
    .description('One connection: status, tenant, token fingerprint, schedule, last runs, denied permissions, current Artifacts')
    .argument('<name>', 'a saved connection')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      const rt = runtime();
      const connection = await saved(rt, name);
      const { connectionView } = await import('../../web/views/connection-view.js');
      const view = await withRunningTemporal(rt, (temporal) =>
        connectionView({ store: rt.store, now: () => new Date(), temporal: async () => temporal }, connection),
      );
      if (flags.json) return print({ ...view, connection: publicConnection(view.connection) });
      process.stdout.write(showText(view));
    });

  connections
    .command('rotate-token')
    .description("Replace a connection's token: the new one is tested first (the same read-only test as connect); the old one is kept unless it passes")
    .argument('<name>', 'a saved connection')
    .option('--token-file <file>', `read the new token from a file ("-" for stdin); else ${TOKEN_ENV}, else asked on the terminal`)
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { tokenFile?: string; json?: boolean }) => {
      const rt = runtime();
      process.exitCode = await rotateToken(
        { rotateToken: true, connection: name, tokenFile: flags.tokenFile, json: flags.json },
        { store: rt.store, diagnose: cliDiagnose(), input: process.stdin, output: process.stdout },
      );
    });

  connections
    .command('delete')
    .description('Delete a connection: its schedule is deleted and its token destroyed; its runs and Artifacts are kept, and its name stays taken')
    .argument('<name>', 'a saved connection')
    .option('--yes', 'do not ask for confirmation (required when not on a terminal)')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { yes?: boolean; json?: boolean }) => {
      const rt = runtime();
      const connection = await saved(rt, name);
      if (connection.deletedAt) throw new CliError(`"${connection.name}" was already deleted (${connection.deletedAt})`);
      if (!flags.yes) await confirmDeletion(connection);
      const endpoint = await rt.temporal();
      const temporal: TemporalAccess = { client: await rt.client(), namespace: endpoint.namespace, taskQueue: endpoint.taskQueue };
      const deletion = await deleteConnection(temporal, rt.store, connection, `${process.env.USER ?? 'someone'} (CLI)`).catch((error: unknown) => {
        throw error instanceof ConflictError ? new CliError(error.message) : error;
      });
      const deleted = deletion.connection;
      if (flags.json) return print({ ...publicConnection(deleted), scheduleDeleted: deletion.scheduleDeleted });
      process.stdout.write(
        `Deleted ${deleted.name}${deletion.scheduleDeleted ? ' and its schedule' : ''}; its token was destroyed. Its runs and Artifacts are kept ` +
          `(\`iru-evidence artifacts list --connection ${deleted.name}\`), and the name stays taken. Revoke the token in Iru too (Access > API tokens).\n`,
      );
    });
}

/** Asks the user to type the name on a terminal; refuses without a terminal (scripts pass --yes). */
async function confirmDeletion(connection: Connection): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CliError(`Not deleted: confirm with --yes (deleting "${connection.name}" destroys its token and schedule; its evidence is kept)`);
  }
  const prompter = createPrompter(process.stdin, process.stdout);
  try {
    prompter.say(`Deleting "${connection.name}" deletes its schedule and destroys its token; its runs and Artifacts are kept.`);
    const typed = (await prompter.ask(`Type the name (${connection.name}) to delete it: `)).trim();
    if (typed !== connection.name) throw new CliError('Not deleted: the name typed did not match', EXIT.USAGE);
  } finally {
    prompter.close();
  }
}

/** Runs `work` with a client of a Temporal server that is already up, or without one (never starts the embedded server). */
async function withRunningTemporal<T>(rt: Runtime, work: (temporal: TemporalAccess | undefined) => Promise<T>): Promise<T> {
  const client = await runningClient(rt);
  try {
    return await work(client && { client, namespace: rt.config.namespace, taskQueue: rt.config.taskQueue });
  } finally {
    if (client && rt.config.mode === 'embedded') await client.connection.close();
  }
}

function publicConnection(c: Connection) {
  return {
    name: c.name,
    id: c.id,
    baseUrl: c.baseUrl,
    region: c.region,
    app: c.app,
    tokenFingerprint: c.tokenFingerprint,
    freshnessHours: c.freshnessHours,
    status: c.status,
    statusReason: c.statusReason,
    createdAt: c.createdAt,
    deletedAt: c.deletedAt,
    deletedBy: c.deletedBy,
  };
}

function tenantText(c: Pick<Connection, 'region' | 'app' | 'baseUrl'>): string {
  return c.region && c.app ? `${c.app} (${c.region})` : c.baseUrl;
}

function showText(view: ConnectionView): string {
  const c = view.connection;
  const lines = [
    `${c.name}: ${c.deletedAt ? `deleted ${c.deletedAt} by ${c.deletedBy ?? 'unknown'} (token destroyed; evidence kept)` : c.status}${c.statusReason ? ` (${c.statusReason})` : ''}`,
  ];
  if (view.attention) lines.push(`  attention: ${view.attention.status.replace(/_/g, ' ')}: ${view.attention.detail}`);
  lines.push(
    `  tenant: ${tenantText(c)}  ${c.baseUrl}`,
    `  token: ${c.tokenFingerprint}${c.deletedAt ? ' (destroyed)' : ''}`,
    `  freshness policy: ${c.freshnessHours} h`,
  );
  const s = view.schedule;
  if (c.deletedAt) lines.push('  schedule: none (deleted)');
  else if (!s.known)
    lines.push(`  schedule unknown: ${s.reason} (start it with \`iru-evidence dev\`, or \`iru-evidence schedule show --connection ${c.name}\`)`);
  else if (!s.schedule) lines.push(`  schedule: none (create one: \`iru-evidence schedule set --connection ${c.name}\`)`);
  else
    lines.push(`  schedule: ${s.schedule.paused ? `paused${s.schedule.note ? ` (${s.schedule.note})` : ''}` : `next runs ${s.schedule.nextRuns.join(', ')}`}`);
  lines.push(`  current Artifacts: ${view.artifacts.current}${view.artifacts.stale ? ` (${view.artifacts.stale} stale)` : ''}`);
  lines.push(view.runs.length ? '  last runs:' : '  last runs: none');
  for (const r of view.runs) lines.push(`    ${r.startedAt}  ${r.status.padEnd(9)} ${r.requests ?? '-'} requests  ${r.id}`);
  if (view.permissions.denied.length) {
    lines.push('  denied permissions (newest finished run):');
    for (const d of view.permissions.denied) lines.push(`    ${d.source}: ${d.message}${d.remedy ? `\n      fix: ${d.remedy}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function saved(rt: Runtime, name: string): Promise<Connection> {
  const connection = await rt.store.getConnection(name);
  if (!connection) throw new CliError(`No saved connection named "${name}"`);
  return connection;
}
