import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decoyHash, verifyPassword } from '../auth/passwords.js';
import { randomSecret, sameSecret } from '../auth/secrets.js';
import { cookieOptions, endSession, LOGIN_CSRF_COOKIE, startSession } from '../auth/sessions.js';
import type { WebContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { loginPage } from '../pages/login-page.js';
import { text } from '../params.js';
import { bodyParams, queryParams, sendHtml } from './respond.js';

/** Only a path on this site (visible ASCII): never another host (`//evil`, `/\evil`), a scheme or a header break. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.length <= 2000 && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/frameworks';
}

/** The sign-in form's CSRF token: a double-submit cookie, since there is no session yet. */
function loginCsrf(ctx: WebContext, request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomSecret();
  reply.setCookie(LOGIN_CSRF_COOKIE, token, cookieOptions(ctx.secure(request), 3600));
  return token;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/', async (_request, reply) => reply.redirect('/frameworks', 303));

  app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNext(queryParams(request).next);
    if (request.principal?.kind === 'session') return reply.redirect(next, 303);
    return sendHtml(reply, loginPage({ csrf: loginCsrf(ctx, request, reply), next }));
  });

  app.post('/login', { config: { access: 'public' } }, async (request, reply) => {
    const body = bodyParams(request);
    const sent = text(body, '_csrf', 100);
    const cookie = request.cookies[LOGIN_CSRF_COOKIE];
    if (!sent || !cookie || !sameSecret(sent, cookie)) throw new HttpError(403, 'The sign-in form has expired: reload the sign-in page and try again');
    const username = (text(body, 'username', 100) ?? '').trim().toLowerCase();
    const password = text(body, 'password', 1024) ?? '';
    const next = safeNext(body.next);
    const now = ctx.now();
    const again = (error: string, status: number) => sendHtml(reply, loginPage({ csrf: cookie, next, username, error }), status);
    if (!username || !password) return again('Enter your username and password', 400);
    const wait = ctx.throttle.waitMinutes(username, now);
    if (wait > 0) return again(`Too many failed sign-ins for this account: try again in ${wait} minute${wait === 1 ? '' : 's'}`, 429);
    const user = await ctx.store.findWebUserCredentials(username);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid) {
      ctx.throttle.fail(username, now);
      return again('Wrong username or password', 401);
    }
    ctx.throttle.succeed(username);
    await startSession(ctx.store, reply, user, ctx.secure(request), now);
    reply.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(ctx.secure(request)));
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind === 'session') await endSession(ctx.store, reply, principal.sessionIdHash, ctx.secure(request));
    return reply.redirect('/login', 303);
  });

  app.get('/api/v1/me', async (request) => {
    const p = request.principal!;
    return { name: p.name, role: p.role, kind: p.kind };
  });
}
