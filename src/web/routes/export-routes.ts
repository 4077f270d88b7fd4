import type { FastifyInstance, FastifyRequest } from 'fastify';
import { loadFrameworkCatalog } from '../../evidence/frameworks/index.js';
import { evidencePackage } from '../../exports/evidence-package.js';
import { assessmentResults } from '../../exports/oscal/oscal-export.js';
import { oscalFileName } from '../../exports/period-files.js';
import { auditPeriod } from '../../read-model/audit-period.js';
import { BadInputError } from '../../read-model/errors.js';
import { findFramework } from '../../read-model/framework-lookup.js';
import { periodEvidence, type ExportScope } from '../../read-model/period-evidence.js';
import type { WebContext } from '../context.js';
import { heavyRequest } from '../heavy-work.js';
import { exportsPage } from '../pages/exports-page.js';
import { optionalConnection, text } from '../params.js';
import { attachment, queryParams, sendHtml, startedStream } from './respond.js';

export function registerExportRoutes(app: FastifyInstance, ctx: WebContext): void {
  const scope = async (request: FastifyRequest): Promise<ExportScope> => {
    const q = queryParams(request);
    const framework = text(q, 'framework', 64);
    if (!framework)
      throw new BadInputError(
        `"framework" is required: one of ${loadFrameworkCatalog()
          .frameworks.map((f) => f.id)
          .join(', ')}`,
      );
    return {
      framework: findFramework(framework),
      period: auditPeriod(text(q, 'from', 10), text(q, 'to', 10), ctx.now()),
      connection: await optionalConnection(ctx.store, q),
    };
  };

  app.get('/exports', async (request, reply) => {
    const q = queryParams(request);
    const period = auditPeriod(text(q, 'from', 10), text(q, 'to', 10), ctx.now());
    const page = exportsPage(request, {
      frameworks: loadFrameworkCatalog().frameworks,
      connections: await ctx.store.listConnections(),
      framework: text(q, 'framework', 64),
      from: period.from,
      to: period.to,
    });
    return sendHtml(reply, page);
  });

  const heavy = { preHandler: heavyRequest(ctx.heavy) };
  app.get('/api/v1/exports/package.zip', heavy, async (request, reply) => {
    const pkg = await evidencePackage(ctx.store, await scope(request), ctx.now());
    pkg.stream.on('error', (error) => request.log.error({ err: error }, 'evidence package failed while streaming'));
    return attachment(reply, 'application/zip', pkg.fileName).send(pkg.stream);
  });

  app.get('/api/v1/exports/oscal.json', heavy, async (request, reply) => {
    const s = await scope(request);
    const now = ctx.now();
    const stream = await startedStream(assessmentResults(ctx.store, await periodEvidence(ctx.store, s, now), now));
    stream.on('error', (error) => request.log.error({ err: error }, 'OSCAL export failed while streaming'));
    return attachment(reply, 'application/json; charset=utf-8', oscalFileName(s)).send(stream);
  });
}
