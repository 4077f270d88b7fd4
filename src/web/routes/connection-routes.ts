import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { connectionsPage, connectionWizardPlaceholderPage } from '../pages/connection-pages.js';
import { connectionsView } from '../views/connections-view.js';
import { sendHtml } from './respond.js';

export function registerConnectionRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/connections', async (request, reply) => sendHtml(reply, connectionsPage(request, await connectionsView(ctx))));
  app.get('/api/v1/connections', async () => connectionsView(ctx));
  // The connection wizard (its own issue) replaces this placeholder; it is admin-only like the wizard will be.
  app.get('/connections/new', { config: { access: 'admin' } }, async (request, reply) => sendHtml(reply, connectionWizardPlaceholderPage(request)));
}
