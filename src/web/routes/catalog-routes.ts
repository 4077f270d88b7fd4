import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../context.js';
import { controlPage, frameworkPage, frameworksPage } from '../pages/catalog-pages.js';
import { optionalConnection, text } from '../params.js';
import { frameworkView, frameworksView } from '../views/catalog-views.js';
import { controlView } from '../views/control-view.js';
import { postureView } from '../views/posture-view.js';
import { posturePage } from '../pages/posture-page.js';
import { queryParams, sendHtml } from './respond.js';

type FrameworkParams = { framework: string };
type ControlParams = FrameworkParams & { control: string };

/** The posture home, then frameworks -> controls -> actions -> Artifacts, as pages and as JSON under /api/v1; each scoped by `?connection=`. */
export function registerCatalogRoutes(app: FastifyInstance, ctx: WebContext): void {
  const connection = (request: FastifyRequest) => optionalConnection(ctx.store, queryParams(request));
  const window = (request: FastifyRequest) => {
    const q = queryParams(request);
    return { from: text(q, 'from', 10), to: text(q, 'to', 10) };
  };
  const posture = async (request: FastifyRequest) => postureView(ctx, await connection(request), window(request), text(queryParams(request), 'framework', 64));
  app.get('/', async (request, reply) => sendHtml(reply, posturePage(request, await posture(request))));
  app.get('/api/v1/posture', async (request) => posture(request));

  app.get('/frameworks', async (request, reply) => sendHtml(reply, frameworksPage(request, await frameworksView(ctx, await connection(request)))));
  app.get('/api/v1/frameworks', async (request) => frameworksView(ctx, await connection(request)));

  app.get<{ Params: FrameworkParams }>('/frameworks/:framework', async (request, reply) =>
    sendHtml(reply, frameworkPage(request, await frameworkView(ctx, request.params.framework, await connection(request)))),
  );
  app.get<{ Params: FrameworkParams }>('/api/v1/frameworks/:framework', async (request) =>
    frameworkView(ctx, request.params.framework, await connection(request)),
  );

  const control = async (request: FastifyRequest<{ Params: ControlParams }>) =>
    controlView(ctx, { framework: request.params.framework, control: request.params.control }, window(request), await connection(request));
  app.get<{ Params: ControlParams }>('/frameworks/:framework/controls/:control', async (request, reply) =>
    sendHtml(reply, controlPage(request, await control(request))),
  );
  app.get<{ Params: ControlParams }>('/api/v1/frameworks/:framework/controls/:control', async (request) => control(request));
}
