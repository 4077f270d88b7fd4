import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { AccountStore, WebSession, WebUser } from '../../store/index.js';
import { randomSecret, secretHash } from './secrets.js';

export const SESSION_COOKIE = 'iru_session';
export const LOGIN_CSRF_COOKIE = 'iru_login_csrf';
export const SESSION_TTL_MS = 12 * 3_600_000;

/** HttpOnly, SameSite=Lax; Secure over TLS (the app's own, or a proxy's), off loopback or with --secure-cookies (WebContext.secure). */
export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}) };
}

/** A new session: the browser gets a random id, the store its hash and the session's CSRF token. */
export async function startSession(store: AccountStore, reply: FastifyReply, user: WebUser, secure: boolean, now: Date): Promise<WebSession> {
  const id = randomSecret();
  const session: WebSession = {
    idHash: secretHash(id),
    userId: user.id,
    csrfToken: randomSecret(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  };
  await store.deleteExpiredWebSessions(now.toISOString());
  await store.createWebSession(session);
  reply.setCookie(SESSION_COOKIE, id, cookieOptions(secure, SESSION_TTL_MS / 1000));
  return session;
}

export async function endSession(store: AccountStore, reply: FastifyReply, idHash: string, secure: boolean): Promise<void> {
  await store.deleteWebSession(idHash);
  reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}
