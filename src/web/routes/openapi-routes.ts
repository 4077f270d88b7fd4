import type { FastifyInstance } from 'fastify';
import { OPENAPI_DOCUMENT } from '../openapi/document.js';

const DOCUMENT_JSON = JSON.stringify(OPENAPI_DOCUMENT);

/** The API's OpenAPI 3.1 document, public: it describes the API, it holds nothing of an installation. */
export function registerOpenApiRoutes(app: FastifyInstance): void {
  app.get('/api/v1/openapi.json', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(DOCUMENT_JSON),
  );
}
