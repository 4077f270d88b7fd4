import { randomBytes } from 'node:crypto';
import { BadInputError, ConflictError, NotFoundError } from '../../read-model/errors.js';
import type { AccountChange, AccountStore, WebRole, WebUser } from '../../store/index.js';
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
  const existing = await store.findWebUser(username);
  if (existing) throw new ConflictError(`A user named "${username}" already exists${existing.disabledAt ? ' (disabled)' : ''}`);
  return store.createWebUser({ username, role, passwordHash: await hashPassword(input.password) });
}

/** Who asks for a change to an account: a signed-in admin (who may not disable or delete themselves), or the operator at the CLI. */
export type AccountActor = { kind: 'admin'; user: WebUser } | { kind: 'operator' };

export type AccountAction = 'disable' | 'enable' | 'delete' | 'reset-password' | 'sign-out';

/** The user of that name, disabled or not. */
export async function userNamed(store: AccountStore, username: string): Promise<WebUser> {
  const user = await store.findWebUser(username.trim().toLowerCase());
  if (!user) throw new NotFoundError(`There is no user named "${username.trim()}"`);
  return user;
}

function refuseSelf(actor: AccountActor, target: WebUser, what: string): void {
  if (actor.kind === 'admin' && actor.user.id === target.id) {
    throw new ConflictError(`You cannot ${what} your own account (${target.username}); ask another admin`);
  }
}

function outcome(change: AccountChange, target: WebUser, what: string): void {
  if (change === 'not-found') throw new NotFoundError(`There is no user named "${target.username}" any more`);
  if (change === 'last-admin') {
    throw new ConflictError(`${target.username} is the last enabled admin and cannot be ${what}: make another admin first, or nobody could manage the app`);
  }
}

/** A generated password of 24 characters (144 random bits), shown once to whoever reset it. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * One lifecycle action on `target`. Disabling ends their sessions and stops the API keys made on their authority at
 * once; deleting removes them, their sessions, and stops those keys; a password reset sets a generated password
 * (returned, to be shown once) and ends their sessions; signing out ends every session of theirs.
 */
export async function changeAccount(
  store: AccountStore,
  actor: AccountActor,
  target: WebUser,
  action: AccountAction,
  now: Date,
): Promise<{ user: WebUser; password?: string; sessionsEnded?: number }> {
  switch (action) {
    case 'disable': {
      refuseSelf(actor, target, 'disable');
      outcome(await store.disableWebUser(target.id, now.toISOString()), target, 'disabled');
      break;
    }
    case 'enable':
      outcome(await store.enableWebUser(target.id), target, 'enabled');
      break;
    case 'delete':
      refuseSelf(actor, target, 'delete');
      outcome(await store.deleteWebUser(target.id), target, 'deleted');
      return { user: target };
    case 'reset-password': {
      const password = generatePassword();
      outcome(await store.setWebUserPassword(target.id, await hashPassword(password)), target, 'given a new password');
      const sessionsEnded = await store.deleteWebSessionsOf(target.id);
      return { user: (await store.findWebUser(target.username)) ?? target, password, sessionsEnded };
    }
    case 'sign-out':
      return { user: target, sessionsEnded: await store.deleteWebSessionsOf(target.id) };
  }
  return { user: (await store.findWebUser(target.username)) ?? target };
}
