import type { FastifyInstance } from 'fastify';
import { APP_CSS } from '../static/app-css.js';
import { APP_JS } from '../static/app-js.js';

export function registerStaticRoutes(app: FastifyInstance): void {
  const serve = (path: string, type: string, body: string) =>
    app.get(path, { config: { access: 'public' } }, async (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=3600').send(body));
  serve('/static/app.js', 'text/javascript; charset=utf-8', APP_JS);
  serve('/static/app.css', 'text/css; charset=utf-8', APP_CSS);
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ ok: true }));
}
