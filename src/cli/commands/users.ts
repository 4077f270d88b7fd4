import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { accessEndDay, accessExpired, setAccessExpiry } from '../../web/auth/access-expiry.js';
import { DEFAULT_LINK_VALID_DAYS, INVITABLE_ROLES, invite, MAX_LINK_VALID_DAYS, revokeInvitation } from '../../web/auth/invitations.js';
import { changeAccount, createUser, userNamed, type AccountAction } from '../../web/auth/users.js';
import { CliError } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { userInput } from '../user-input.js';

export const PASSWORD_ENV = 'IRU_EVIDENCE_PASSWORD';

export function registerUsers(program: Command, runtime: () => Runtime): void {
  const users = program.command('users').description('People who may sign in to the web app');

  users
    .command('create-admin')
    .description('Create an admin of the web app (the first one is made here; admins add others in the web app)')
    .requiredOption('--username <name>', 'the sign-in name')
    .option('--password-file <file>', `read the password from a file ("-" for stdin); else ${PASSWORD_ENV}`)
    .action(async (flags: { username: string; passwordFile?: string }) => {
      const password = readPassword(flags.passwordFile);
      const user = await userInput(() => createUser(runtime().store, { username: flags.username, password, role: 'admin' }));
      process.stdout.write(`Created admin ${user.username}; sign in at the address \`iru-evidence serve\` prints\n`);
    });

  users
    .command('list')
    .description('List the web app users')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const list = await runtime().store.listWebUsers();
      if (flags.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return void process.stdout.write('No users yet: `iru-evidence users create-admin --username NAME --password-file FILE`\n');
      const now = new Date();
      for (const u of list) {
        const access = u.expiresAt ? `  access ${accessExpired(u, now) ? 'expired' : 'until'} ${accessEndDay(u.expiresAt)}` : '';
        process.stdout.write(
          `${u.username.padEnd(32)} ${u.role.padEnd(8)} ${(u.disabledAt ? 'disabled' : 'active').padEnd(8)} created ${u.createdAt}${access}\n`,
        );
      }
    });

  users
    .command('invite')
    .description('Make a one-time link from which an auditor creates their own account, with access until a day you choose (the link is printed once)')
    .requiredOption('--role <role>', `the role the account gets: ${INVITABLE_ROLES.join(', ')} (admins are added by a signed-in admin)`)
    .requiredOption('--access-until <YYYY-MM-DD>', 'the last day (UTC) the account may sign in')
    .option(
      '--link-valid-days <days>',
      `how long the link works (1-${MAX_LINK_VALID_DAYS}; default ${DEFAULT_LINK_VALID_DAYS}, or until the access ends if sooner)`,
    )
    .option('--note <text>', 'who the invitation is for, as the Users page lists it')
    .option('--json', 'print JSON')
    .action(async (flags: { role: string; accessUntil: string; linkValidDays?: string; note?: string; json?: boolean }) => {
      const days = flags.linkValidDays;
      if (days !== undefined && !/^\d+$/.test(days)) throw new CliError(`--link-valid-days must be a whole number of days, not "${days}"`);
      const { path, invitation } = await userInput(() =>
        invite(
          runtime().store,
          {
            role: flags.role,
            accessUntil: flags.accessUntil,
            linkValidDays: days === undefined ? undefined : Number(days),
            note: flags.note,
            createdBy: 'operator (CLI)',
            createdByUserId: null,
          },
          new Date(),
        ),
      );
      if (flags.json) return void process.stdout.write(`${JSON.stringify({ path, invitation }, null, 2)}\n`);
      process.stdout.write(
        `Invited ${invitation.note ? `${invitation.note} as ` : ''}${invitation.role} with access until ${accessEndDay(invitation.accessExpiresAt)} ` +
          `(invitation ${invitation.id}). The link works once, until ${invitation.expiresAt}; it is not shown again. ` +
          `Append this path to the address \`iru-evidence serve\` prints:\n${path}\n`,
      );
    });

  users
    .command('invitations')
    .description('List the invitations not yet used, revoked or expired')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const list = await runtime().store.listPendingInvitations(new Date().toISOString());
      if (flags.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return void process.stdout.write('No pending invitations\n');
      for (const i of list) {
        process.stdout.write(
          `${i.id}  ${i.role.padEnd(8)} access until ${accessEndDay(i.accessExpiresAt)}  link until ${i.expiresAt}  by ${i.createdBy}${i.note ? `  for ${i.note}` : ''}\n`,
        );
      }
    });

  users
    .command('revoke-invitation')
    .description('Stop an invitation link at once')
    .argument('<id>', 'the invitation id (inv_…), as `users invitations` lists it')
    .action(async (id: string) => {
      const invitation = await userInput(() => revokeInvitation(runtime().store, id, new Date()));
      process.stdout.write(`Revoked invitation ${invitation.id}: its link no longer works\n`);
    });

  users
    .command('access-until')
    .description('Set the last day (UTC) an auditor may sign in, or remove it with "none"; after it their sessions stop')
    .argument('<username>', 'the sign-in name')
    .argument('<day>', 'YYYY-MM-DD, or none')
    .action(async (username: string, day: string) => {
      const store = runtime().store;
      const user = await userInput(async () => setAccessExpiry(store, await userNamed(store, username), day === 'none' ? '' : day, new Date()));
      process.stdout.write(
        user.expiresAt ? `${user.username} may sign in until ${accessEndDay(user.expiresAt)} (UTC)\n` : `${user.username}'s access has no end date\n`,
      );
    });

  const lifecycle: { action: AccountAction; description: string; done: (name: string, r: Awaited<ReturnType<typeof changeAccount>>) => string }[] = [
    {
      action: 'disable',
      description: 'Stop a user at once: no sign-in, their sessions end and the API keys they made stop working (refused for the last enabled admin)',
      done: (name) => `Disabled ${name}: their sessions ended and their API keys stopped\n`,
    },
    { action: 'enable', description: 'Let a disabled user sign in again', done: (name) => `Enabled ${name}\n` },
    {
      action: 'delete',
      description: 'Delete a user for good: their sessions end and the API keys they made stop working (refused for the last enabled admin)',
      done: (name) => `Deleted ${name}\n`,
    },
    {
      action: 'reset-password',
      description: 'Give a user a generated password (printed once, on standard output) and end their sessions',
      done: (name, r) => `New password for ${name} (shown once; ${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'} ended):\n${r.password}\n`,
    },
    {
      action: 'sign-out',
      description: 'End every session of a user, everywhere',
      done: (name, r) => `Signed ${name} out everywhere: ${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'} ended\n`,
    },
  ];
  for (const { action, description, done } of lifecycle) {
    users
      .command(action)
      .description(description)
      .argument('<username>', 'the sign-in name')
      .action(async (username: string) => {
        const store = runtime().store;
        const target = await userInput(() => userNamed(store, username));
        process.stdout.write(done(target.username, await userInput(() => changeAccount(store, { kind: 'operator' }, target, action, new Date()))));
      });
  }
}

/** From a file (`-` = stdin) or the environment, never from argv; one trailing newline is dropped. */
function readPassword(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (file) {
    try {
      return readFileSync(file === '-' ? 0 : file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new CliError(
        `Cannot read the password ${file === '-' ? 'from standard input' : `file ${file}`}: ` +
          `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  throw new CliError(`Give the password with --password-file FILE ("-" for stdin) or in ${PASSWORD_ENV}; never on the command line`);
}
