import { randomUUID } from 'node:crypto';
import { BadInputError, ConflictError, NotFoundError } from '../../read-model/errors.js';
import type { AccountStore, Invitation, InvitationStore, WebRole, WebUser } from '../../store/index.js';
import { HttpError } from '../http-error.js';
import { accessEndDay, accessUntil } from './access-expiry.js';
import { checkPasswordPolicy } from './passwords.js';
import { randomSecret, secretHash } from './secrets.js';
import { checkRole, checkUsername } from './users.js';

/**
 * Roles an invitation may give: read-only ones. A link is a bearer credential that travels by e-mail or chat; an admin
 * made from a leaked one would own the app, so admins are only ever created by a signed-in admin.
 */
export const INVITABLE_ROLES: readonly WebRole[] = ['auditor'];
export const DEFAULT_LINK_VALID_DAYS = 7;
export const MAX_LINK_VALID_DAYS = 30;
const DAY_MS = 86_400_000;
const INVITATION_ID = /^inv_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const NOTE = /^[^\p{Cc}]{0,100}$/u;

export const INVITATION_UNAVAILABLE =
  'This invitation link is not valid: it has expired, was already used, or was revoked. Ask the admin who invited you for a new one.';

export type InvitationStatus = 'pending' | 'used' | 'revoked' | 'expired';

export function invitationStatus(invitation: Invitation, now: Date): InvitationStatus {
  if (invitation.usedAt) return 'used';
  if (invitation.revokedAt) return 'revoked';
  return Date.parse(invitation.expiresAt) > now.getTime() ? 'pending' : 'expired';
}

/** The path of an invitation's link; the token is in it, so it is shown once. */
export function invitationPath(token: string): string {
  return `/invitations/${token}`;
}

export interface InvitationInput {
  role: string;
  /** YYYY-MM-DD: the account's access ends with that day (UTC). */
  accessUntil: string;
  /** How long the link stays valid; absent: DEFAULT_LINK_VALID_DAYS, or less when the access ends sooner. */
  linkValidDays?: number;
  note?: string;
  createdBy: string;
  createdByUserId: string | null;
}

/**
 * A new invitation after checking every input (nothing is stored when a check fails). Returns the link's token, to be
 * shown once: only its hash is stored.
 */
export async function invite(store: InvitationStore, input: InvitationInput, now: Date): Promise<{ token: string; path: string; invitation: Invitation }> {
  const role = checkRole(input.role);
  if (!INVITABLE_ROLES.includes(role)) {
    throw new BadInputError(`Invitations are for read-only roles (${INVITABLE_ROLES.join(', ')}): an admin is added by a signed-in admin under Users`);
  }
  const accessExpiresAt = accessUntil(input.accessUntil, now);
  const days = input.linkValidDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= MAX_LINK_VALID_DAYS)) {
    throw new BadInputError(`The link must stay valid for 1 to ${MAX_LINK_VALID_DAYS} whole days, not ${days}`);
  }
  let expiresAt = new Date(now.getTime() + (days ?? DEFAULT_LINK_VALID_DAYS) * DAY_MS).toISOString();
  if (expiresAt > accessExpiresAt) {
    if (days !== undefined) {
      throw new BadInputError(
        `A link valid for ${days} day${days === 1 ? '' : 's'} would outlast the access it gives (until ${accessEndDay(accessExpiresAt)}): ` +
          'choose fewer days or a later access end date',
      );
    }
    expiresAt = accessExpiresAt;
  }
  const note = (input.note ?? '').trim();
  if (!NOTE.test(note)) throw new BadInputError('The note must be at most 100 characters on one line');
  const token = randomSecret();
  const invitation = await store.createInvitation({
    id: `inv_${randomUUID()}`,
    tokenHash: secretHash(token),
    role,
    accessExpiresAt,
    expiresAt,
    note: note || null,
    createdBy: input.createdBy,
    createdByUserId: input.createdByUserId,
    createdAt: now.toISOString(),
  });
  return { token, path: invitationPath(token), invitation };
}

export async function revokeInvitation(store: InvitationStore, id: string, now: Date): Promise<Invitation> {
  if (!INVITATION_ID.test(id)) throw new BadInputError(`"${id}" is not an invitation id: inv_ followed by a UUID`);
  const invitation = await store.getInvitation(id);
  if (!invitation) throw new NotFoundError(`There is no invitation ${id}`);
  const status = invitationStatus(invitation, now);
  if (status !== 'pending' && status !== 'expired') throw new ConflictError(`Invitation ${id} was already ${status}; there is nothing to revoke`);
  if (!(await store.revokeInvitation(id, now.toISOString())))
    throw new ConflictError(`Invitation ${id} was used or revoked meanwhile; there is nothing to revoke`);
  return (await store.getInvitation(id))!;
}

/** The invitation a link's token names, while it can still be accepted. */
export async function pendingInvitation(store: InvitationStore, token: string, now: Date): Promise<Invitation | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const invitation = await store.findInvitationByTokenHash(secretHash(token));
  return invitation && invitationStatus(invitation, now) === 'pending' ? invitation : undefined;
}

/**
 * Makes the invitee's account from the link's token: checks the name and password, then marks the invitation used
 * and creates the user in one store transaction. An invitation no longer pending is refused (410) with one message
 * whatever the reason, and nothing changes; a taken name leaves the invitation usable.
 */
export async function acceptInvitation(
  store: AccountStore & InvitationStore,
  token: string,
  input: { username: string; password: string },
  now: Date,
  hash: (password: string) => Promise<string>,
): Promise<WebUser> {
  if (!(await pendingInvitation(store, token, now))) throw new HttpError(410, INVITATION_UNAVAILABLE);
  const username = checkUsername(input.username);
  checkPasswordPolicy(input.password);
  const result = await store.acceptInvitation(secretHash(token), { username, passwordHash: await hash(input.password) }, now.toISOString());
  if (result === 'unavailable') throw new HttpError(410, INVITATION_UNAVAILABLE);
  if (result === 'username-taken') throw new ConflictError(`A user named "${username}" already exists: choose another name`);
  return result.user;
}
