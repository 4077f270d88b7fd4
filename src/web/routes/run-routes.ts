import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../read-model/errors.js';
import { pendingCollection } from '../../temporal/collections.js';
import type { WebContext } from '../context.js';
import { decodeCursor, encodeCursor, isoTime, linkNext } from '../cursor.js';
import { liveStatus, runPage, runsPage } from '../pages/run-pages.js';
import { integer, optionalConnection, runId } from '../params.js';
import { runListItems, runProgressView, runsView, runView, type RunView } from '../views/runs-view.js';
import { queryParams, sendHtml } from './respond.js';

const RunCursor = z.object({ startedAt: z.string().max(40), id: z.string().max(200) });

export function registerRunRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/runs', async (request, reply) => {
    const q = queryParams(request);
    const connection = await optionalConnection(ctx.store, q);
    return sendHtml(reply, runsPage(request, await runsView(ctx, connection, integer(q, 'limit', 1, 1000, 100)), connection?.name));
  });
  // Newest first; `updatedSince` keeps runs started or finished since then; the cursor continues after the last run shown.
  app.get('/api/v1/runs', async (request, reply) => {
    const q = queryParams(request);
    const connection = await optionalConnection(ctx.store, q);
    const limit = integer(q, 'limit', 1, 1000, 100);
    const before = decodeCursor(q, 'runs', RunCursor);
    const runs = await ctx.store.findRuns({ connectionId: connection?.id, limit: limit + 1, before, updatedSince: isoTime(q, 'updatedSince') });
    const shown = runs.slice(0, limit);
    const last = shown.at(-1);
    const nextCursor = runs.length > limit && last ? encodeCursor('runs', { startedAt: last.startedAt, id: last.id }) : null;
    linkNext(request, reply, nextCursor);
    return { runs: await runListItems(ctx, shown), nextCursor };
  });

  app.get<{ Params: { id: string } }>('/runs/:id', async (request, reply) => {
    const view = await runView(ctx, runId(request.params.id));
    return sendHtml(reply, runPage(request, view, view.status === 'running' ? await runProgressView(ctx, view.id) : undefined));
  });
  app.get<{ Params: { id: string } }>('/api/v1/runs/:id', async (request) => apiRun(ctx, request));

  // A running collection's page polls this fragment; the JSON is the same status for scripts.
  app.get<{ Params: { id: string } }>('/runs/:id/live', async (request, reply) =>
    sendHtml(reply, liveStatus(await runProgressView(ctx, runId(request.params.id)))),
  );
  app.get<{ Params: { id: string } }>('/api/v1/runs/:id/progress', async (request) => runProgressView(ctx, runId(request.params.id)));
}

type ApiRunView = (RunView | PendingRunView) & { progress: Awaited<ReturnType<typeof runProgressView>> | null; progressUrl: string };

interface PendingRunView extends Omit<RunView, 'status'> {
  status: 'pending';
}

/**
 * A run with its live progress while it runs. A collection started a moment ago has no run record until it is
 * planned (or until a worker picks it up): Temporal knows it, and it is `pending`.
 */
async function apiRun(ctx: WebContext, request: FastifyRequest<{ Params: { id: string } }>): Promise<ApiRunView> {
  const id = runId(request.params.id);
  const progressUrl = `/api/v1/runs/${encodeURIComponent(id)}/progress`;
  try {
    const view = await runView(ctx, id);
    return { ...view, progress: view.status === 'running' ? await runProgressView(ctx, id) : null, progressUrl };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const temporal = await ctx.temporal();
    const pending = temporal ? await pendingCollection(temporal.client, id).catch(() => undefined) : undefined;
    if (!pending) throw error;
    const connection = pending.connectionId ? await ctx.store.getConnection(pending.connectionId) : undefined;
    return {
      id,
      connection: { id: pending.connectionId ?? '', name: connection?.name ?? pending.connectionId ?? '' },
      status: 'pending',
      startedAt: pending.startedAt,
      finishedAt: null,
      durationMs: null,
      sources: { succeeded: 0, failed: 0, notApplicable: 0 },
      artifacts: 0,
      summary: null,
      artifactIds: [],
      progress: null,
      progressUrl,
    };
  }
}
