import type { FastifyInstance } from 'fastify';
import { checkedPreSessionCsrf, clearPreSessionCsrf, preSessionCsrf } from '../auth/form-csrf.js';
import { HashGateFullError } from '../auth/hash-gate.js';
import { acceptInvitation, INVITATION_UNAVAILABLE, pendingInvitation } from '../auth/invitations.js';
import { hashPassword, MAX_PASSWORD_BYTES } from '../auth/passwords.js';
import { startSession } from '../auth/sessions.js';
import type { WebContext } from '../context.js';
import { describeError, HttpError } from '../http-error.js';
import { invitationPage, invitationUnavailablePage } from '../pages/invitation-page.js';
import { text } from '../params.js';
import { bodyParams, sendHtml } from './respond.js';

const publicRoute = { config: { access: 'public' as const } };
type TokenParams = { token: string };

/** An invitee opens their link, picks a user name and password, and is signed in with the invitation's role and access end. */
export function registerInvitationRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: TokenParams }>('/invitations/:token', publicRoute, async (request, reply) => {
    const invitation = await pendingInvitation(ctx.store, request.params.token, ctx.now());
    if (!invitation) return sendHtml(reply, invitationUnavailablePage(INVITATION_UNAVAILABLE), 410);
    return sendHtml(reply, invitationPage({ csrf: preSessionCsrf(request, reply, ctx.secure(request)), token: request.params.token, invitation }));
  });

  app.post<{ Params: TokenParams }>('/invitations/:token', publicRoute, async (request, reply) => {
    const token = request.params.token;
    const now = ctx.now();
    const invitation = await pendingInvitation(ctx.store, token, now);
    if (!invitation) return sendHtml(reply, invitationUnavailablePage(INVITATION_UNAVAILABLE), 410);
    const body = bodyParams(request);
    const csrf = checkedPreSessionCsrf(request, text(body, '_csrf', 100));
    if (!csrf) throw new HttpError(403, 'The invitation form has expired: reload the invitation link and try again');
    const username = text(body, 'username', 100) ?? '';
    const password = text(body, 'password', MAX_PASSWORD_BYTES) ?? '';
    const again = (error: string, status: number) => sendHtml(reply, invitationPage({ csrf, token, invitation, username, error }), status);
    if (password !== (text(body, 'passwordAgain', MAX_PASSWORD_BYTES) ?? '')) return again('The two passwords differ: type the same one twice', 400);
    let user;
    try {
      // Hashing goes through the same gate as sign-ins, so a flood of accepts cannot starve them.
      user = await ctx.hashing.run(request.ip, () => acceptInvitation(ctx.store, token, { username, password }, now, hashPassword));
    } catch (error) {
      if (error instanceof HashGateFullError) {
        reply.header('retry-after', '1');
        return again('The server is busy: try again in a moment', 503);
      }
      const { status, message, internal } = describeError(error);
      if (internal) throw error;
      if (status === 410) return sendHtml(reply, invitationUnavailablePage(message), 410);
      return again(message, status);
    }
    await startSession(ctx.store, reply, user, ctx.secure(request), now);
    clearPreSessionCsrf(reply, ctx.secure(request));
    return reply.redirect('/frameworks', 303);
  });
}
