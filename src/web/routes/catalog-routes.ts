import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../context.js';
import { controlPage, frameworkPage, frameworksPage } from '../pages/catalog-pages.js';
import { text } from '../params.js';
import { frameworkView, frameworksView } from '../views/catalog-views.js';
import { controlView } from '../views/control-view.js';
import { queryParams, sendHtml } from './respond.js';

type FrameworkParams = { framework: string };
type ControlParams = FrameworkParams & { control: string };

/** Frameworks -> controls -> actions -> Artifacts, as pages and as JSON under /api/v1. */
export function registerCatalogRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/frameworks', async (request, reply) => sendHtml(reply, frameworksPage(request, await frameworksView(ctx))));
  app.get('/api/v1/frameworks', async () => frameworksView(ctx));

  app.get<{ Params: FrameworkParams }>('/frameworks/:framework', async (request, reply) =>
    sendHtml(reply, frameworkPage(request, await frameworkView(ctx, request.params.framework))),
  );
  app.get<{ Params: FrameworkParams }>('/api/v1/frameworks/:framework', async (request) => frameworkView(ctx, request.params.framework));

  const control = (request: FastifyRequest<{ Params: ControlParams }>) => {
    const q = queryParams(request);
    return controlView(ctx, request.params.framework, request.params.control, { from: text(q, 'from', 10), to: text(q, 'to', 10) });
  };
  app.get<{ Params: ControlParams }>('/frameworks/:framework/controls/:control', async (request, reply) =>
    sendHtml(reply, controlPage(request, await control(request))),
  );
  app.get<{ Params: ControlParams }>('/api/v1/frameworks/:framework/controls/:control', async (request) => control(request));
}
