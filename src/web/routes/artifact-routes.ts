import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ARTIFACT_TYPES, isArtifactType } from '../../evidence/frameworks/index.js';
import { artifactDocumentChunks } from '../../evidence/index.js';
import { artifactCsvChunks } from '../../exports/csv-export.js';
import { artifactRecordsJsonChunks } from '../../exports/records-json.js';
import { safeFileName } from '../../exports/safe-file-name.js';
import { publishedArtifact } from '../../read-model/artifact-document.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { BadInputError } from '../../read-model/errors.js';
import type { WebContext } from '../context.js';
import { decodeCursor, encodeCursor, isoTime, linkNext } from '../cursor.js';
import { notModified } from '../etag.js';
import { heavyRequest } from '../heavy-work.js';
import { artifactPage, changesPage } from '../pages/artifact-page.js';
import { recordsTable } from '../pages/records-table.js';
import { artifactId, choice, integer, optionalConnection, recordFilter, recordsQuery, requiredText, text } from '../params.js';
import { MAX_PAGE_SIZE, queryRecords, type RecordsPage } from '../records/records-query.js';
import { artifactSummary, connectionNames } from '../views/artifact-summary.js';
import { artifactView, publishedVersion } from '../views/artifact-view.js';
import { changesView } from '../views/changes-view.js';
import { verifyView } from '../views/verify-view.js';
import { attachment, queryParams, sendHtml } from './respond.js';

type IdParams = { id: string };
const ArtifactCursor = z.object({ publishedSeq: z.number().int().nonnegative(), id: z.string().max(40) });
const RecordsCursor = z.object({ page: z.number().int().min(1).max(1_000_000), pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE) });

/** An Artifact: its page, its records a page at a time, re-verification, what changed, and downloads (streamed from the store). */
export function registerArtifactRoutes(app: FastifyInstance, ctx: WebContext): void {
  const records = async (
    request: FastifyRequest<{ Params: IdParams }>,
    at?: { page: number; pageSize: number },
  ): Promise<{ page: RecordsPage; connectionId: string }> => {
    const id = artifactId(request.params.id);
    const query = { ...recordsQuery(queryParams(request)), ...at };
    await publishedVersion(ctx, id);
    const data = await ctx.records.get(id);
    return { page: queryRecords(data, query), connectionId: data.connectionId };
  };
  const page = async (request: FastifyRequest<{ Params: IdParams }>) => {
    const { page } = await records(request);
    return { view: await artifactView(ctx, request.params.id), page };
  };

  // In publication order, oldest first, so a client syncs by keeping the last cursor: `nextCursor` while more pages
  // follow now, `syncCursor` (always) for the next sync, which then returns only what was published since.
  app.get('/api/v1/artifacts', async (request, reply) => {
    const q = queryParams(request);
    const connection = await optionalConnection(ctx.store, q);
    const type = text(q, 'type', 64) || undefined;
    if (type && !isArtifactType(type)) throw new BadInputError(`"type" must be one of ${ARTIFACT_TYPES.join(', ')}, not "${type}"`);
    const current = choice(q, 'current', ['true', 'false'] as const, 'true') === 'true';
    const limit = integer(q, 'limit', 1, 1000, 200);
    const after = decodeCursor(q, 'artifacts', ArtifactCursor);
    const names = await connectionNames(ctx.store);
    const versions = await readVersions(ctx.store, {
      connectionId: connection?.id,
      types: type ? [type] : undefined,
      currentOnly: current,
      publishedSince: isoTime(q, 'updatedSince'),
      inPublicationOrder: true,
      after,
      limit: limit + 1,
    });
    const shown = versions.slice(0, limit);
    const last = shown.at(-1);
    const position = last ? { publishedSeq: last.publishedSeq, id: last.id } : after;
    const nextCursor = versions.length > limit ? encodeCursor('artifacts', position) : null;
    linkNext(request, reply, nextCursor);
    return {
      artifacts: shown.map((v) => artifactSummary(v, names, ctx.now())),
      nextCursor,
      syncCursor: position ? encodeCursor('artifacts', position) : null,
    };
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
  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id/records', async (request, reply) => {
    // `cursor` (a page position) continues a walk through the records with the same filter and order; `page` still works.
    const q = queryParams(request);
    const at = decodeCursor(q, 'records', RecordsCursor);
    const { page } = await records(request, at);
    const nextCursor = page.page < page.pages ? encodeCursor('records', { page: page.page + 1, pageSize: page.pageSize }) : null;
    linkNext(request, reply, nextCursor);
    return { artifactId: request.params.id, ...page, nextCursor };
  });

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

  // An Artifact version never changes: its ETag is its sha256.
  app.get<{ Params: IdParams }>('/api/v1/artifacts/:id/document', async (request, reply) => {
    const stored = await publishedArtifact(ctx.store, artifactId(request.params.id));
    const tag = `"${stored.sha256}"`;
    reply.header('etag', tag);
    if (notModified(request, tag)) return reply.code(304).send();
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
