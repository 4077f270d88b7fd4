import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ARTIFACT_TYPES, isArtifactType } from '../../evidence/frameworks/index.js';
import { artifactDocumentChunks } from '../../evidence/index.js';
import { artifactCsvChunks } from '../../exports/csv-export.js';
import { artifactRecordsJsonChunks } from '../../exports/records-json.js';
import { safeFileName } from '../../exports/safe-file-name.js';
import { publishedArtifact } from '../../read-model/artifact-document.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { BadInputError } from '../../read-model/errors.js';
import type { WebContext } from '../context.js';
import { heavyRequest } from '../heavy-work.js';
import { artifactPage, changesPage } from '../pages/artifact-page.js';
import { recordsTable } from '../pages/records-table.js';
import { artifactId, choice, integer, optionalConnection, recordFilter, recordsQuery, requiredText, text } from '../params.js';
import { queryRecords, type RecordsPage } from '../records/records-query.js';
import { artifactSummary, connectionNames } from '../views/artifact-summary.js';
import { artifactView, publishedVersion } from '../views/artifact-view.js';
import { changesView } from '../views/changes-view.js';
import { verifyView } from '../views/verify-view.js';
import { attachment, queryParams, sendHtml } from './respond.js';

type IdParams = { id: string };

/** An Artifact: its page, its records a page at a time, re-verification, what changed, and downloads (streamed from the store). */
export function registerArtifactRoutes(app: FastifyInstance, ctx: WebContext): void {
  const records = async (request: FastifyRequest<{ Params: IdParams }>): Promise<{ page: RecordsPage; connectionId: string }> => {
    const id = artifactId(request.params.id);
    const query = recordsQuery(queryParams(request));
    await publishedVersion(ctx, id);
    const data = await ctx.records.get(id);
    return { page: queryRecords(data, query), connectionId: data.connectionId };
  };
  const page = async (request: FastifyRequest<{ Params: IdParams }>) => {
    const { page } = await records(request);
    return { view: await artifactView(ctx, request.params.id), page };
  };

  app.get('/api/v1/artifacts', async (request) => {
    const q = queryParams(request);
    const connection = await optionalConnection(ctx.store, q);
    const type = text(q, 'type', 64) || undefined;
    if (type && !isArtifactType(type)) throw new BadInputError(`"type" must be one of ${ARTIFACT_TYPES.join(', ')}, not "${type}"`);
    const current = choice(q, 'current', ['true', 'false'] as const, 'true') === 'true';
    const limit = integer(q, 'limit', 1, 1000, 200);
    const names = await connectionNames(ctx.store);
    const versions = await readVersions(ctx.store, { connectionId: connection?.id, types: type ? [type] : undefined, currentOnly: current, limit });
    return { artifacts: versions.map((v) => artifactSummary(v, names, ctx.now())) };
  });

  app.get<{ Params: IdParams }>('/artifacts/:id', async (request, reply) => {
    const { view, page: recordsPage } = await page(request);
    return sendHtml(reply, artifactPage(request, view, recordsPage));
  });
  app.get<{ Params: IdParams }>('/artifacts/:id/records', async (request, reply) => {
    const { page, connectionId } = await records(request);
    return sendHtml(reply, recordsTable(request.params.id, connectionId, page).value);
  });
  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id', async (request) => artifactView(ctx, artifactId(request.params.id)));
  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id/records', async (request) => ({ artifactId: request.params.id, ...(await records(request)).page }));

  // Verification takes a heavy-work slot only when it has to recompute; a cached result is served without one.
  const verify = (request: FastifyRequest<{ Params: IdParams }>) => verifyView(ctx, artifactId(request.params.id), () => ctx.heavy.enter(request));
  const heavy = { preHandler: heavyRequest(ctx.heavy) };
  app.post<{ Params: IdParams }>('/api/v1/artifacts/:id/verify', async (request) => verify(request));
  app.post<{ Params: IdParams }>('/artifacts/:id/verify', async (request, reply) => {
    const verification = await verify(request);
    const { view, page: recordsPage } = await page(request);
    return sendHtml(reply, artifactPage(request, view, recordsPage, verification));
  });

  const changes = (request: FastifyRequest<{ Params: IdParams }>) =>
    changesView(ctx, artifactId(request.params.id), artifactId(requiredText(queryParams(request), 'from', 40)));
  app.get<{ Params: IdParams }>('/artifacts/:id/changes', heavy, async (request, reply) => sendHtml(reply, changesPage(request, await changes(request))));
  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id/changes', heavy, async (request) => changes(request));

  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id/document', async (request, reply) => {
    const stored = await publishedArtifact(ctx.store, artifactId(request.params.id));
    return attachment(reply, 'application/json; charset=utf-8', `${safeFileName(stored.type)}-${stored.id}.json`).send(
      Readable.from(artifactDocumentChunks(ctx.store, stored)),
    );
  });
  // The records exports take the table's search and result filter (`q`, `result`) and apply the same test to every record.
  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id/records.csv', heavy, async (request, reply) => {
    const id = artifactId(request.params.id);
    const filter = recordFilter(queryParams(request));
    const version = await publishedVersion(ctx, id);
    return attachment(reply, 'text/csv; charset=utf-8', `${safeFileName(version.type)}-${id}.csv`).send(
      Readable.from(artifactCsvChunks(ctx.store, version, filter)),
    );
  });
  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id/records.json', heavy, async (request, reply) => {
    const id = artifactId(request.params.id);
    const filter = recordFilter(queryParams(request));
    const version = await publishedVersion(ctx, id);
    return attachment(reply, 'application/json; charset=utf-8', `${safeFileName(version.type)}-${id}-records.json`).send(
      Readable.from(artifactRecordsJsonChunks(ctx.store, version, filter)),
    );
  });
}
