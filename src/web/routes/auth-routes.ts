import type { FastifyInstance } from 'fastify';
import { accessExpired, accessExpiredMessage } from '../auth/access-expiry.js';
import { checkedPreSessionCsrf, clearPreSessionCsrf, preSessionCsrf } from '../auth/form-csrf.js';
import { HashGateFullError } from '../auth/hash-gate.js';
import { decoyHash, hashPassword, MAX_PASSWORD_BYTES, needsRehash, passwordTooLong, verifyPassword } from '../auth/passwords.js';
import { endSession, startSession } from '../auth/sessions.js';
import type { WebContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { loginPage } from '../pages/login-page.js';
import { text } from '../params.js';
import { bodyParams, queryParams, sendHtml } from './respond.js';

/** Only a path on this site (visible ASCII): never another host (`//evil`, `/\evil`), a scheme or a header break. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.length <= 2000 && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNext(queryParams(request).next);
    if (request.principal?.kind === 'session') return reply.redirect(next, 303);
    return sendHtml(reply, loginPage({ csrf: preSessionCsrf(request, reply, ctx.secure(request)), next }));
  });

  app.post('/login', { config: { access: 'public' } }, async (request, reply) => {
    const body = bodyParams(request);
    const cookie = checkedPreSessionCsrf(request, text(body, '_csrf', 100));
    if (!cookie) throw new HttpError(403, 'The sign-in form has expired: reload the sign-in page and try again');
    const username = (text(body, 'username', 100) ?? '').trim().toLowerCase();
    const password = text(body, 'password', MAX_PASSWORD_BYTES) ?? '';
    const next = safeNext(body.next);
    const now = ctx.now();
    const address = request.ip;
    const again = (error: string, status: number) => sendHtml(reply, loginPage({ csrf: cookie, next, username, error }), status);
    if (!username || !password) return again('Enter your username and password', 400);
    if (passwordTooLong(password)) return again(`Passwords are at most ${MAX_PASSWORD_BYTES} bytes long`, 400);
    // Checked before anything is hashed: a waiting key costs the server one store read.
    const wait = await ctx.throttle.wait(username, address, now);
    if (wait.seconds > 0) {
      reply.header('retry-after', String(wait.seconds));
      const who = wait.reason === 'user' ? 'for this account from your address' : 'from your address';
      return again(`Too many failed sign-ins ${who}: try again in ${duration(wait.seconds)}`, 429);
    }
    let user: Awaited<ReturnType<typeof ctx.store.findWebUserCredentials>>;
    try {
      user = await ctx.hashing.run(address, async () => {
        const found = await ctx.store.findWebUserCredentials(username);
        const valid = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
        if (!found || !valid) return undefined;
        // A hash from before the current cost is replaced now that the password is at hand.
        if (needsRehash(found.passwordHash)) await ctx.store.upgradeWebUserPasswordHash(found.id, found.passwordHash, await hashPassword(password));
        return found;
      });
    } catch (error) {
      if (!(error instanceof HashGateFullError)) throw error;
      reply.header('retry-after', '1');
      return again('The server is busy checking other sign-ins: try again in a moment', 503);
    }
    if (!user) {
      await ctx.throttle.fail(username, address, now);
      return again('Wrong username or password', 401);
    }
    await ctx.throttle.succeed(username, address);
    // Said only to whoever knows the password: to anyone else an expired account looks like any other.
    if (user.expiresAt && accessExpired(user, now)) return again(accessExpiredMessage(user.expiresAt), 403);
    await startSession(ctx.store, reply, user, ctx.secure(request), now);
    clearPreSessionCsrf(reply, ctx.secure(request));
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
