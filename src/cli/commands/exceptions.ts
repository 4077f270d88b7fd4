import type { Command } from 'commander';
import { EXCEPTABLE_TYPES } from '../../evidence/exceptions.js';
import { exceptionViews, grantException, MAX_EXCEPTION_DAYS, revokeException, type ExceptionView } from '../../read-model/exceptions.js';
import { CliError } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { userInput } from '../user-input.js';

const STATE_TEXT = { in_force: 'in force', expired: 'expired', revoked: 'revoked' } as const;

function line(e: ExceptionView): string {
  const device = e.deviceName ? `${e.deviceId} (${e.deviceName})` : e.deviceId;
  const ended = e.state === 'revoked' ? ` at ${e.revokedAt} by ${e.revokedBy}` : '';
  return (
    `${e.id}  ${STATE_TEXT[e.state]}${ended}  ${e.connectionName}  ${device}  ${e.check ?? 'all checks'}  last day ${e.expiresOn}  ` +
    `approved by ${e.approver}\n    ${e.justification.replace(/\s+/g, ' ')}\n`
  );
}

export function registerExceptions(program: Command, runtime: () => Runtime): void {
  const exceptions = program
    .command('exceptions')
    .description(
      'Devices excused from a check (or every check) until a day, with a justification: their failures are judged excepted from the next collection on',
    );

  exceptions
    .command('add')
    .description('Grant an exception; it applies from the next collection and never changes published Artifacts')
    .requiredOption('--connection <name>', 'the connection the device belongs to')
    .requiredOption('--device <id>', 'the Iru device id')
    .option('--check <type>', `one check (${EXCEPTABLE_TYPES.join(', ')}), or all`, 'all')
    .requiredOption('--justification <text>', 'why the device may fail, and what ends the exception')
    .requiredOption('--expires <YYYY-MM-DD>', `the last day (UTC) it applies, at most ${MAX_EXCEPTION_DAYS} days ahead`)
    .requiredOption('--approver <name>', 'the admin who approves it, as Artifacts and OSCAL will name them')
    .option('--json', 'print JSON')
    .action(async (flags: { connection: string; device: string; check: string; justification: string; expires: string; approver: string; json?: boolean }) => {
      const store = runtime().store;
      const now = new Date();
      const granted = await userInput(() =>
        grantException(
          store,
          {
            connection: flags.connection,
            deviceId: flags.device,
            check: flags.check,
            justification: flags.justification,
            expiresOn: flags.expires,
            approver: `${flags.approver.trim()} (CLI)`,
          },
          now,
        ),
      );
      const view = (await exceptionViews(store, now)).find((e) => e.id === granted.id)!;
      if (flags.json) return void process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      process.stdout.write(
        `Granted ${view.id}: ${view.deviceId} of ${view.connectionName} is excepted from ${view.check ?? 'every check'} until the end of ${view.expiresOn} (UTC), ` +
          'from the next collection on\n',
      );
    });

  exceptions
    .command('list')
    .description('List exceptions: in force, expired and revoked, newest first')
    .option('--connection <name>', 'only those of one connection')
    .option('--json', 'print JSON')
    .action(async (flags: { connection?: string; json?: boolean }) => {
      const store = runtime().store;
      const connection = flags.connection === undefined ? undefined : await store.getConnection(flags.connection);
      if (flags.connection !== undefined && !connection) throw new CliError(`There is no connection named "${flags.connection}"`);
      const list = await exceptionViews(store, new Date(), connection);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return void process.stdout.write('No exceptions\n');
      for (const e of list) process.stdout.write(line(e));
    });

  exceptions
    .command('revoke')
    .description('Stop an exception: from the next collection the device fails again where it fails')
    .argument('<id>', 'the exception id (exc_…), as `exceptions list` shows it')
    .requiredOption('--by <name>', 'the admin who revokes it')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { by: string; json?: boolean }) => {
      const store = runtime().store;
      if (flags.by.trim() === '') throw new CliError('--by must name the admin who revokes the exception');
      const revoked = await userInput(() => revokeException(store, id, `${flags.by.trim()} (CLI)`, new Date()));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(revoked, null, 2)}\n`);
      process.stdout.write(`Revoked ${revoked.id}: it stops applying from the next collection\n`);
    });
}
