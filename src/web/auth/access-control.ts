import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { query } from '../../html/html.js';
import type { WebContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { authenticateApiKey } from './api-keys.js';
import { roleOfScope, type Principal } from './principal.js';
import { sameSecret, secretHash } from './secrets.js';
import { SESSION_COOKIE } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * Before every handler: who is asking (API key or session), whether they may (signed in; admin where the route says
 * so), and for a signed-in browser changing anything, the session's CSRF token. API keys carry no ambient
 * authority, so requests made with one need no CSRF token.
 */
export function accessControl(ctx: WebContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config?.access ?? 'read';
    request.principal = await identify(ctx, request);
    if (access === 'public') return;
    const principal = request.principal;
    if (!principal) {
      if (!isApiRequest(request) && request.method === 'GET') return reply.redirect(`/login${query({ next: request.url })}`, 303);
      throw new HttpError(
        401,
        isApiRequest(request) ? 'Sign in, or send an API key as "Authorization: Bearer <key>"' : 'Your session has ended: sign in again',
      );
    }
    if (access === 'admin') await requireAdmin(request);
    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) checkCsrf(request, principal.csrfToken);
  };
}

/** A route-level preHandler for routes mounted by plugins (the connection wizard): admins only. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  const principal = request.principal;
  if (principal?.role !== 'admin') {
    throw new HttpError(
      403,
      `This is for admins only; you are signed in as ${principal?.name ?? 'nobody'} (${principal?.role ?? 'signed out'}), which is read-only`,
    );
  }
}

async function identify(ctx: WebContext, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer +(\S+)$/i.exec(authorization);
    if (!bearer) throw new HttpError(401, 'The Authorization header must be "Bearer <API key>"');
    const result = await authenticateApiKey(ctx.store, bearer[1]!, ctx.now());
    if ('refused' in result) throw new HttpError(401, result.refused);
    return { kind: 'api-key', name: `API key ${result.key.name}`, role: roleOfScope(result.key.scope), key: result.key };
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return null;
  const found = await ctx.store.getWebSession(secretHash(sessionId), ctx.now().toISOString());
  if (!found) return null;
  const { session, user } = found;
  return { kind: 'session', name: user.username, role: user.role, user, sessionIdHash: session.idHash, csrfToken: session.csrfToken };
}

function checkCsrf(request: FastifyRequest, expected: string): void {
  const header = request.headers['x-csrf-token'];
  const body = request.body as Record<string, unknown> | undefined;
  const sent = typeof header === 'string' ? header : body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
  if (!sent || !sameSecret(sent, expected)) {
    throw new HttpError(403, 'The security token (CSRF) of this request is missing or out of date: reload the page and try again');
  }
}
