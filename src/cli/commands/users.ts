import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BadInputError, ConflictError, NotFoundError } from '../../read-model/errors.js';
import { changeAccount, createUser, userNamed, type AccountAction } from '../../web/auth/users.js';
import { CliError } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';

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
      try {
        const user = await createUser(runtime().store, { username: flags.username, password, role: 'admin' });
        process.stdout.write(`Created admin ${user.username}; sign in at the address \`iru-evidence serve\` prints\n`);
      } catch (error) {
        if (error instanceof BadInputError || error instanceof ConflictError) throw new CliError(error.message);
        throw error;
      }
    });

  users
    .command('list')
    .description('List the web app users')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const list = await runtime().store.listWebUsers();
      if (flags.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      if (list.length === 0) return void process.stdout.write('No users yet: `iru-evidence users create-admin --username NAME --password-file FILE`\n');
      for (const u of list) {
        process.stdout.write(`${u.username.padEnd(32)} ${u.role.padEnd(8)} ${(u.disabledAt ? 'disabled' : 'active').padEnd(8)} created ${u.createdAt}\n`);
      }
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
        try {
          const target = await userNamed(store, username);
          process.stdout.write(done(target.username, await changeAccount(store, { kind: 'operator' }, target, action, new Date())));
        } catch (error) {
          if (error instanceof BadInputError || error instanceof ConflictError || error instanceof NotFoundError) throw new CliError(error.message);
          throw error;
        }
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
