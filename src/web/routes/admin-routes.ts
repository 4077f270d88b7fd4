import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../html/html.js';
import { apiKeyView, invalidateApiKey, issueApiKey, rotateApiKey } from '../auth/api-keys.js';
import { createUser } from '../auth/users.js';
import type { WebContext } from '../context.js';
import { describeError } from '../http-error.js';
import { apiKeysPage, newKeyNotice, usersPage } from '../pages/admin-pages.js';
import { apiKeyId, text } from '../params.js';
import { bodyParams, sendHtml } from './respond.js';

const admin = { config: { access: 'admin' as const } };
type IdParams = { id: string };

/** Users and API keys: admins only, as pages (forms) and as JSON. */
export function registerAdminRoutes(app: FastifyInstance, ctx: WebContext): void {
  const addUser = (request: FastifyRequest) => {
    const body = bodyParams(request);
    return createUser(ctx.store, {
      username: text(body, 'username', 100) ?? '',
      password: text(body, 'password', 1024) ?? '',
      role: text(body, 'role', 20) ?? '',
    });
  };
  const newKey = (request: FastifyRequest) => {
    const body = bodyParams(request);
    return issueApiKey(ctx.store, { name: text(body, 'name', 100) ?? '', scope: text(body, 'scope', 20) ?? '', createdBy: request.principal!.name }, ctx.now());
  };
  const keys = async () => (await ctx.store.listApiKeys()).map((k) => apiKeyView(k, ctx.now()));

  /** A form post answered with the page again: what was done, or why nothing was (with the error's status). */
  const formResult = async (reply: FastifyReply, render: (notice: { error?: string; done?: SafeHtml }) => Promise<string>, action: () => Promise<SafeHtml>) => {
    try {
      const done = await action();
      return sendHtml(reply, await render({ done }));
    } catch (error) {
      const { status, message, internal } = describeError(error);
      if (internal) throw error;
      return sendHtml(reply, await render({ error: message }), status);
    }
  };

  app.get('/admin/users', admin, async (request, reply) => sendHtml(reply, usersPage(request, await ctx.store.listWebUsers())));
  app.post('/admin/users', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => usersPage(request, await ctx.store.listWebUsers(), notice),
      async () => {
        const user = await addUser(request);
        return html`<p>Added ${user.username} (${user.role}).</p>`;
      },
    ),
  );
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
        const { key, apiKey } = await rotateApiKey(ctx.store, apiKeyId(request.params.id), request.principal!.name, ctx.now());
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
    reply.code(201).send(await rotateApiKey(ctx.store, apiKeyId(request.params.id), request.principal!.name, ctx.now())),
  );
  app.post<{ Params: IdParams }>('/api/v1/api-keys/:id/invalidate', admin, async (request) => ({
    apiKey: await invalidateApiKey(ctx.store, apiKeyId(request.params.id), ctx.now()),
  }));
}
