import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomSecret, sameSecret } from './secrets.js';
import { cookieOptions, LOGIN_CSRF_COOKIE } from './sessions.js';

/**
 * The CSRF token of a form posted before there is a session (signing in, accepting an invitation): a double-submit
 * cookie. Reuses the browser's cookie when it has one.
 */
export function preSessionCsrf(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomSecret();
  reply.setCookie(LOGIN_CSRF_COOKIE, token, cookieOptions(secure, 3600));
  return token;
}

/** The cookie's token when the form sent the same one; undefined when either is missing or they differ. */
export function checkedPreSessionCsrf(request: FastifyRequest, sent: string | undefined): string | undefined {
  const cookie = request.cookies[LOGIN_CSRF_COOKIE];
  return sent && cookie && sameSecret(sent, cookie) ? cookie : undefined;
}

export function clearPreSessionCsrf(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(secure));
}
