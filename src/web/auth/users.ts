import { BadInputError, ConflictError } from '../../read-model/errors.js';
import type { AccountStore, WebRole, WebUser } from '../../store/index.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
export const ROLES: readonly WebRole[] = ['admin', 'auditor'];

export function checkUsername(username: string): string {
  const name = username.trim().toLowerCase();
  if (!USERNAME.test(name)) {
    throw new BadInputError('The username must be 2 to 64 characters: letters, digits, ".", "_", "@" or "-", starting with a letter or digit');
  }
  return name;
}

export function checkRole(role: string): WebRole {
  if (!(ROLES as readonly string[]).includes(role)) throw new BadInputError(`The role must be one of ${ROLES.join(', ')}, not "${role}"`);
  return role as WebRole;
}

/** Creates a web user after checking the name, the role and the password; nothing is stored when a check fails. */
export async function createUser(store: AccountStore, input: { username: string; password: string; role: string }): Promise<WebUser> {
  const username = checkUsername(input.username);
  const role = checkRole(input.role);
  checkPasswordPolicy(input.password);
  if (await store.findWebUserCredentials(username)) throw new ConflictError(`A user named "${username}" already exists`);
  return store.createWebUser({ username, role, passwordHash: await hashPassword(input.password) });
}
