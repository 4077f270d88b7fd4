import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { accessControl, isApiRequest } from './auth/access-control.js';
import { createContext, type WebAppOptions } from './context.js';
import { apiErrorBody, describeError, HttpError } from './http-error.js';
import { errorPage } from './pages/error-page.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerArtifactRoutes } from './routes/artifact-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerCatalogRoutes } from './routes/catalog-routes.js';
import { registerCollectionRoutes } from './routes/collection-routes.js';
import { registerConnectionApiRoutes } from './routes/connection-api-routes.js';
import { registerConnectionRoutes } from './routes/connection-routes.js';
import { registerDeviceRoutes } from './routes/device-routes.js';
import { registerExceptionRoutes } from './routes/exception-routes.js';
import { registerExportRoutes } from './routes/export-routes.js';
import { registerInvitationRoutes } from './routes/invitation-routes.js';
import { registerOpenApiRoutes } from './routes/openapi-routes.js';
import { sendHtml } from './routes/respond.js';
import { registerRunRoutes } from './routes/run-routes.js';
import { registerStaticRoutes } from './routes/static-routes.js';
import { registerWebhookRoutes } from './routes/webhook-routes.js';
import { securityHeaders } from './security-headers.js';
import { entityTags } from './etag.js';
import { WebhookDispatcher } from '../webhooks/index.js';

export type { TemporalAccess, WebAppOptions } from './context.js';
export { OPENAPI_DOCUMENT } from './openapi/document.js';
export { isLoopbackHost } from './loopback.js';

/** The auditor web app and its JSON API (/api/v1) over an evidence store. Call `listen` on the result. */
export async function buildWebApp(options: WebAppOptions): Promise<FastifyInstance> {
  const ctx = createContext(options);
  const common = {
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 64 * 1024,
    // What the router refuses before any route runs (an overlong path segment, broken percent-encoding) gets the
    // app's error shape and a plain message, not Fastify's default body.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendError(
        request,
        reply,
        new HttpError(
          error.statusCode ?? 400,
          error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? 'A part of the address is too long: ids and names in addresses are at most 100 characters'
            : 'The address is not valid: check its percent-encoding (%XX)',
        ),
      ),
  };
  const app = (options.https ? Fastify({ ...common, https: options.https }) : Fastify(common)) as unknown as FastifyInstance;

  await app.register(cookie);
  await app.register(formbody);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', securityHeaders(ctx));
  app.addHook('preHandler', accessControl(ctx));
  app.addHook('onSend', entityTags);
  if (options.webhookDelivery) {
    const dispatcher = new WebhookDispatcher(options.store, { logger: options.logger, ...options.webhookDelivery }).start();
    app.addHook('onClose', () => dispatcher.stop());
  }

  // The JSON API answers every error with {"error": {code, message, remedy, status}}; pages keep their HTML error page.
  const sendError = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    const described = describeError(error);
    if (described.internal) request.log.error({ err: error }, 'request failed');
    if (described.headers) reply.headers(described.headers);
    return isApiRequest(request)
      ? reply.code(described.status).type('application/json; charset=utf-8').send(apiErrorBody(described))
      : sendHtml(reply, errorPage(request.principal, described.status, described.message), described.status);
  };
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new HttpError(404, `Nothing at ${request.method} ${request.url.split('?')[0]}`)));

  registerStaticRoutes(app);
  registerAuthRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerArtifactRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerConnectionRoutes(app, ctx, options);
  registerConnectionApiRoutes(app, ctx, options);
  registerDeviceRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerInvitationRoutes(app, ctx);
  registerExceptionRoutes(app, ctx);
  registerCollectionRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerOpenApiRoutes(app);
  return app;
}
