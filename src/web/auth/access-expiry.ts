import { BadInputError, ConflictError, NotFoundError } from '../../read-model/errors.js';
import type { AccountStore, WebUser } from '../../store/index.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The moment access "until" a YYYY-MM-DD day ends: the last millisecond of that day, UTC, so the whole day is included.
 * Refused when malformed, not a real day, or already over at `now`.
 */
export function accessUntil(date: string, now: Date): string {
  const match = DATE.exec(date.trim());
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!day || day.toISOString().slice(0, 10) !== date.trim()) throw new BadInputError(`The access end date must be a day written YYYY-MM-DD, not "${date}"`);
  const end = new Date(day.getTime() + 86_400_000 - 1);
  if (end <= now) throw new BadInputError(`The access end date ${date.trim()} is in the past: today is ${now.toISOString().slice(0, 10)} (UTC)`);
  return end.toISOString();
}

/** The day (UTC) an access expiry falls on: the "until" day it was set from. */
export function accessEndDay(expiresAt: string): string {
  return expiresAt.slice(0, 10);
}

export function accessExpired(user: Pick<WebUser, 'expiresAt'>, now: Date): boolean {
  return user.expiresAt !== null && Date.parse(user.expiresAt) <= now.getTime();
}

/** What sign-in answers a user whose access is over, once their password is right. */
export function accessExpiredMessage(expiresAt: string): string {
  return `Your access expired on ${accessEndDay(expiresAt)}: ask an admin to extend it`;
}

/**
 * Sets the day a user's access ends (`until`: YYYY-MM-DD), or removes the expiry (`until` empty). Only read-only users
 * have one: an admin whose access lapsed could leave nobody to manage the app, and admins are stopped by disabling them.
 */
export async function setAccessExpiry(store: AccountStore, target: WebUser, until: string, now: Date): Promise<WebUser> {
  if (target.role === 'admin') {
    throw new ConflictError(`${target.username} is an admin: access expiry is for auditors (disable an admin to stop them)`);
  }
  const expiresAt = until.trim() === '' ? null : accessUntil(until, now);
  if ((await store.setWebUserAccessExpiry(target.id, expiresAt)) === 'not-found')
    throw new NotFoundError(`There is no user named "${target.username}" any more`);
  return (await store.findWebUser(target.username)) ?? { ...target, expiresAt };
}
