import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../context.js';
import { liveStatus, runPage, runsPage } from '../pages/run-pages.js';
import { integer, optionalConnection, runId } from '../params.js';
import { runProgressView, runsView, runView } from '../views/runs-view.js';
import { queryParams, sendHtml } from './respond.js';

export function registerRunRoutes(app: FastifyInstance, ctx: WebContext): void {
  const list = async (request: FastifyRequest) => {
    const q = queryParams(request);
    const connection = await optionalConnection(ctx.store, q);
    return { connection, view: await runsView(ctx, connection, integer(q, 'limit', 1, 1000, 100)) };
  };
  app.get('/runs', async (request, reply) => {
    const { connection, view } = await list(request);
    return sendHtml(reply, runsPage(request, view, connection?.name));
  });
  app.get('/api/v1/runs', async (request) => (await list(request)).view);

  app.get<{ Params: { id: string } }>('/runs/:id', async (request, reply) => {
    const view = await runView(ctx, runId(request.params.id));
    return sendHtml(reply, runPage(request, view, view.status === 'running' ? await runProgressView(ctx, view.id) : undefined));
  });
  app.get<{ Params: { id: string } }>('/api/v1/runs/:id', async (request) => runView(ctx, runId(request.params.id)));

  // A running collection's page polls this fragment; the JSON is the same status for scripts.
  app.get<{ Params: { id: string } }>('/runs/:id/live', async (request, reply) =>
    sendHtml(reply, liveStatus(await runProgressView(ctx, runId(request.params.id)))),
  );
  app.get<{ Params: { id: string } }>('/api/v1/runs/:id/progress', async (request) => runProgressView(ctx, runId(request.params.id)));
}
