import type { FastifyInstance, FastifyRequest } from 'fastify';
import { html } from '../../html/html.js';
import { accessEndDay, setAccessExpiry } from '../auth/access-expiry.js';
import { apiKeyView, invalidateApiKey, issueApiKey, rotateApiKey } from '../auth/api-keys.js';
import { invite, revokeInvitation } from '../auth/invitations.js';
import type { Principal } from '../auth/principal.js';
import { changeAccount, createUser, type AccountAction } from '../auth/users.js';
import type { WebContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { apiKeysPage, newInvitationNotice, newKeyNotice, newPasswordNotice, usersPage, type UsersView } from '../pages/admin-pages.js';
import { apiKeyId, optionalWholeNumber, text } from '../params.js';
import { bodyParams, formResult, sendHtml } from './respond.js';

const admin = { config: { access: 'admin' as const } };
type IdParams = { id: string };
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCOUNT_ACTIONS: readonly AccountAction[] = ['disable', 'enable', 'delete', 'reset-password', 'sign-out'];

/** The web user on whose authority a principal acts: the signed-in user, or the user who made the API key (if recorded). */
function authorityOf(principal: Principal): string | null {
  return principal.kind === 'session' ? principal.user.id : principal.key.createdByUserId;
}

/**
 * Admins are made, and accounts changed, only by a signed-in admin: never with an API key, which could otherwise mint
 * an admin (or reset an admin's password) that outlives the key.
 */
function requireSignedInAdmin(principal: Principal, what: string): Extract<Principal, { kind: 'session' }> {
  if (principal.kind !== 'session') throw new HttpError(403, `Only an admin signed in to the web app can ${what}; an API key cannot`);
  return principal;
}

/** Users and API keys: admins only, as pages (forms) and as JSON. */
export function registerAdminRoutes(app: FastifyInstance, ctx: WebContext): void {
  const addUser = (request: FastifyRequest) => {
    const body = bodyParams(request);
    const role = text(body, 'role', 20) ?? '';
    if (role === 'admin') requireSignedInAdmin(request.principal!, 'create an admin');
    return createUser(ctx.store, {
      username: text(body, 'username', 100) ?? '',
      password: text(body, 'password', 1024) ?? '',
      role,
    });
  };
  const newKey = (request: FastifyRequest) => {
    const body = bodyParams(request);
    return issueApiKey(
      ctx.store,
      {
        name: text(body, 'name', 100) ?? '',
        scope: text(body, 'scope', 20) ?? '',
        createdBy: request.principal!.name,
        createdByUserId: authorityOf(request.principal!),
      },
      ctx.now(),
    );
  };
  const keys = async () => (await ctx.store.listApiKeys()).map((k) => apiKeyView(k, ctx.now()));

  const usersView = async (): Promise<UsersView> => {
    const now = ctx.now();
    return { users: await ctx.store.listWebUsers(), invitations: await ctx.store.listPendingInvitations(now.toISOString()), now };
  };
  const userById = async (id: string) => {
    const target = USER_ID.test(id) ? (await ctx.store.listWebUsers()).find((u) => u.id === id) : undefined;
    if (!target) throw new HttpError(404, `There is no user with id ${id}`);
    return target;
  };
  const newInvitation = (request: FastifyRequest) => {
    const body = bodyParams(request);
    return invite(
      ctx.store,
      {
        role: text(body, 'role', 20) ?? '',
        accessUntil: text(body, 'accessUntil', 20) ?? '',
        linkValidDays: optionalWholeNumber(body, 'linkValidDays'),
        note: text(body, 'note', 200),
        createdBy: request.principal!.name,
        createdByUserId: authorityOf(request.principal!),
      },
      ctx.now(),
    );
  };

  app.get('/admin/users', admin, async (request, reply) => sendHtml(reply, usersPage(request, await usersView())));
  app.post('/admin/users', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => usersPage(request, await usersView(), notice),
      async () => {
        const user = await addUser(request);
        return html`<p>Added ${user.username} (${user.role}).</p>`;
      },
    ),
  );
  for (const action of ACCOUNT_ACTIONS) {
    app.post<{ Params: IdParams }>(`/admin/users/:id/${action}`, admin, async (request, reply) =>
      formResult(
        reply,
        async (notice) => usersPage(request, await usersView(), notice),
        async () => {
          const session = requireSignedInAdmin(request.principal!, 'disable, enable, delete, sign out or reset the password of a user');
          const target = await userById(request.params.id);
          const result = await changeAccount(ctx.store, { kind: 'admin', user: session.user }, target, action, ctx.now());
          const name = target.username;
          switch (action) {
            case 'disable':
              return html`<p>Disabled ${name}: they cannot sign in, and their sessions and API keys stopped.</p>`;
            case 'enable':
              return html`<p>Enabled ${name}: they can sign in again.</p>`;
            case 'delete':
              return html`<p>Deleted ${name}: their sessions and API keys stopped.</p>`;
            case 'reset-password':
              return newPasswordNotice(name, result.password!, result.sessionsEnded!);
            case 'sign-out':
              return html`<p>Signed ${name} out everywhere: ended ${result.sessionsEnded!} session${result.sessionsEnded === 1 ? '' : 's'}.</p>`;
          }
        },
      ),
    );
  }
  app.post<{ Params: IdParams }>('/admin/users/:id/access-expiry', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => usersPage(request, await usersView(), notice),
      async () => {
        requireSignedInAdmin(request.principal!, "change a user's access end date");
        const user = await setAccessExpiry(ctx.store, await userById(request.params.id), text(bodyParams(request), 'accessUntil', 20) ?? '', ctx.now());
        return user.expiresAt
          ? html`<p>${user.username}'s access now ends with ${accessEndDay(user.expiresAt)} (UTC).</p>`
          : html`<p>${user.username}'s access no longer has an end date.</p>`;
      },
    ),
  );
  app.post('/admin/invitations', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => usersPage(request, await usersView(), notice),
      async () => {
        const { path, invitation } = await newInvitation(request);
        return newInvitationNotice(`${request.protocol}://${request.host}${path}`, invitation);
      },
    ),
  );
  app.post<{ Params: IdParams }>('/admin/invitations/:id/revoke', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => usersPage(request, await usersView(), notice),
      async () => {
        const invitation = await revokeInvitation(ctx.store, request.params.id, ctx.now());
        return html`<p>Revoked the invitation${invitation.note ? html` for ${invitation.note}` : null}: its link no longer works.</p>`;
      },
    ),
  );
  app.get('/api/v1/invitations', admin, async () => ({ invitations: await ctx.store.listPendingInvitations(ctx.now().toISOString()) }));
  app.post('/api/v1/invitations', admin, async (request, reply) => reply.code(201).send(await newInvitation(request)));
  app.post<{ Params: IdParams }>('/api/v1/invitations/:id/revoke', admin, async (request) => ({
    invitation: await revokeInvitation(ctx.store, request.params.id, ctx.now()),
  }));

  app.get('/api/v1/users', admin, async () => ({ users: await ctx.store.listWebUsers() }));
  app.post('/api/v1/users', admin, async (request, reply) => reply.code(201).send({ user: await addUser(request) }));

  app.get('/admin/api-keys', admin, async (request, reply) => sendHtml(reply, apiKeysPage(request, await keys())));
  app.post('/admin/api-keys', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => apiKeysPage(request, await keys(), notice),
      async () => {
        const { key, apiKey } = await newKey(request);
        return newKeyNotice(key, `Created the ${apiKey.scope} key "${apiKey.name}".`);
      },
    ),
  );
  app.post<{ Params: IdParams }>('/admin/api-keys/:id/rotate', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => apiKeysPage(request, await keys(), notice),
      async () => {
        const { key, apiKey } = await rotateApiKey(ctx.store, apiKeyId(request.params.id), request.principal!.name, ctx.now(), authorityOf(request.principal!));
        return newKeyNotice(key, `Rotated "${apiKey.name}": the previous key keeps working for 24 hours.`);
      },
    ),
  );
  app.post<{ Params: IdParams }>('/admin/api-keys/:id/invalidate', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => apiKeysPage(request, await keys(), notice),
      async () => {
        const apiKey = await invalidateApiKey(ctx.store, apiKeyId(request.params.id), ctx.now());
        return html`<p>Invalidated "${apiKey.name}" (${apiKey.id}); it no longer works.</p>`;
      },
    ),
  );

  app.get('/api/v1/api-keys', admin, async () => ({ apiKeys: await keys() }));
  app.post('/api/v1/api-keys', admin, async (request, reply) => reply.code(201).send(await newKey(request)));
  app.post<{ Params: IdParams }>('/api/v1/api-keys/:id/rotate', admin, async (request, reply) =>
    reply.code(201).send(await rotateApiKey(ctx.store, apiKeyId(request.params.id), request.principal!.name, ctx.now(), authorityOf(request.principal!))),
  );
  app.post<{ Params: IdParams }>('/api/v1/api-keys/:id/invalidate', admin, async (request) => ({
    apiKey: await invalidateApiKey(ctx.store, apiKeyId(request.params.id), ctx.now()),
  }));
}
