import type { FastifyInstance, FastifyRequest } from 'fastify';
import { html } from '../../html/html.js';
import { exceptionViews, grantException, revokeException, type ExceptionView } from '../../read-model/exceptions.js';
import { actorName } from '../auth/principal.js';
import type { WebContext } from '../context.js';
import { exceptionsPage, grantedNotice, type ExceptionsPageView } from '../pages/exceptions-page.js';
import { optionalConnection, text } from '../params.js';
import { bodyParams, formResult, queryParams, sendHtml } from './respond.js';

const admin = { config: { access: 'admin' as const } };
type IdParams = { id: string };

/** Who approves: the signed-in admin, or the admin who made the API key, named with the key. */
const approverOf = actorName;

/** Exceptions: admins only, as a page with forms and as JSON under /api/v1/exceptions. */
export function registerExceptionRoutes(app: FastifyInstance, ctx: WebContext): void {
  const pageView = async (): Promise<ExceptionsPageView> => ({
    exceptions: await exceptionViews(ctx.store, ctx.now()),
    // A deleted connection is collected no more: an exception for it would never apply.
    connections: (await ctx.store.listConnections()).filter((c) => !c.deletedAt).map((c) => ({ id: c.id, name: c.name })),
  });
  const viewOf = async (id: string): Promise<ExceptionView> => (await exceptionViews(ctx.store, ctx.now())).find((e) => e.id === id)!;
  const grant = async (request: FastifyRequest) => {
    const body = bodyParams(request);
    const exception = await grantException(
      ctx.store,
      {
        connection: text(body, 'connection', 200) ?? '',
        deviceId: text(body, 'deviceId', 400) ?? '',
        check: text(body, 'check', 100),
        justification: text(body, 'justification', 4_000) ?? '',
        expiresOn: text(body, 'expiresOn', 40) ?? '',
        approver: approverOf(request.principal!),
      },
      ctx.now(),
    );
    return viewOf(exception.id);
  };
  const revoke = async (request: FastifyRequest<{ Params: IdParams }>) => {
    const exception = await revokeException(ctx.store, request.params.id, approverOf(request.principal!), ctx.now());
    return viewOf(exception.id);
  };

  app.get('/exceptions', admin, async (request, reply) => sendHtml(reply, exceptionsPage(request, await pageView())));
  app.post('/exceptions', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => exceptionsPage(request, await pageView(), notice),
      async () => grantedNotice(await grant(request)),
    ),
  );
  app.post<{ Params: IdParams }>('/exceptions/:id/revoke', admin, async (request, reply) =>
    formResult(
      reply,
      async (notice) => exceptionsPage(request, await pageView(), notice),
      async () => {
        const e = await revoke(request);
        return html`<p>Revoked the exception of ${e.deviceName ?? e.deviceId} (${e.check ?? 'all checks'}): from the next collection its failures fail again.</p>`;
      },
    ),
  );

  app.get('/api/v1/exceptions', admin, async (request) => {
    const connection = await optionalConnection(ctx.store, queryParams(request));
    return { exceptions: await exceptionViews(ctx.store, ctx.now(), connection) };
  });
  app.post('/api/v1/exceptions', admin, async (request, reply) => reply.code(201).send({ exception: await grant(request) }));
  app.post<{ Params: IdParams }>('/api/v1/exceptions/:id/revoke', admin, async (request) => ({ exception: await revoke(request) }));
}
