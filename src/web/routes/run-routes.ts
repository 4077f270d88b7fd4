import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../context.js';
import { runPage, runsPage } from '../pages/run-pages.js';
import { integer, optionalConnection, runId } from '../params.js';
import { runsView, runView } from '../views/runs-view.js';
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

  app.get<{ Params: { id: string } }>('/runs/:id', async (request, reply) => sendHtml(reply, runPage(request, await runView(ctx, runId(request.params.id)))));
  app.get<{ Params: { id: string } }>('/api/v1/runs/:id', async (request) => runView(ctx, runId(request.params.id)));
}
