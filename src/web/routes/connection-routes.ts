import type { FastifyInstance, FastifyRequest } from 'fastify';
import { diagnoseConnection } from '../../diagnose/index.js';
import { trusted } from '../../html/html.js';
import { requireAdmin } from '../auth/access-control.js';
import type { WebAppOptions, WebContext } from '../context.js';
import { connectionsPage } from '../pages/connection-pages.js';
import { layout } from '../pages/layout.js';
import { connectionsView } from '../views/connections-view.js';
import { registerWizardRoutes } from '../wizard/index.js';
import { sendHtml } from './respond.js';

export function registerConnectionRoutes(app: FastifyInstance, ctx: WebContext, options: WebAppOptions): void {
  app.get('/connections', async (request, reply) => sendHtml(reply, connectionsPage(request, await connectionsView(ctx))));
  app.get('/api/v1/connections', async () => connectionsView(ctx));
  registerWizardRoutes(app, {
    store: ctx.store,
    diagnose: options.diagnose ?? ((target) => diagnoseConnection(target)),
    // The wizard builds its body with its own escaping; it is markup of this code base, not data.
    layout: (request, title, body) => layout({ title, principal: request.principal, trail: [['Connections', '/connections']] }, trusted(body)),
    requireAdmin: (request: FastifyRequest) => requireAdmin(request),
    csrfToken: (request) => (request.principal?.kind === 'session' ? request.principal.csrfToken : ''),
    onSaved: options.onConnectionSaved,
    prefix: '/connections/new',
  });
}
