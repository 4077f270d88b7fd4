import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BadInputError, ConflictError } from '../../read-model/errors.js';
import { createUser } from '../../web/auth/users.js';
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
      for (const u of list) process.stdout.write(`${u.username.padEnd(32)} ${u.role.padEnd(8)} created ${u.createdAt}\n`);
    });
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
