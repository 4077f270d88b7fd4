import { activityInfo, ApplicationFailure, cancellationSignal, heartbeat } from '@temporalio/activity';
import type { SourceOutcome } from '../src/collector/run-summary.js';
import { openTenantClient } from '../src/collector/tenant-client.js';
import { sourcePages, type SourceCursor } from '../src/collector/source-pages.js';
import { BudgetUnavailableError, describePermission, endpoint, IruError, IruRateLimitedError } from '../src/iru/index.js';
import type { ActivityDeps } from './deps.js';

export interface CollectSourceInput {
  connectionId: string;
  runId: string;
  source: string;
  /** Read through this catalog endpoint instead of the source's own (chosen by the plan). */
  via?: string;
  /** Query for the first page, fixed by the plan (e.g. the audit window), so every attempt asks the same. */
  query?: Record<string, string>;
  /** The tenant limiter's priority for this source's requests, from the plan. */
  priority?: number;
}

interface Progress {
  cursor: SourceCursor | null;
  requests: number;
  rateLimitWaitMs: number;
}

/**
 * Pages one source into the store. Each page is written (idempotently, keyed by run, source and page) before the
 * cursor is heartbeated, so a retried attempt resumes after the last stored page. Returns counts, never rows.
 */
export function collectSource(deps: ActivityDeps) {
  return async function collectSource(input: CollectSourceInput): Promise<SourceOutcome> {
    const started = Date.now();
    const entry = endpoint(input.via ?? input.source);
    const connection = await deps.store.getConnection(input.connectionId);
    if (!connection) throw ApplicationFailure.nonRetryable(`No connection with id ${input.connectionId}`, 'CONNECTION_NOT_FOUND');
    const previous = (activityInfo().heartbeatDetails as Progress | undefined) ?? { cursor: null, requests: 0, rateLimitWaitMs: 0 };
    const stored = await deps.store.sourceProgress(input.runId, input.source);
    const outcome = (status: SourceOutcome['status'], records: number, pages: number, counts: Omit<Progress, 'cursor'>): SourceOutcome => ({
      name: input.source,
      ...(input.via ? { via: input.via } : {}),
      status,
      records,
      pages,
      requests: counts.requests,
      rateLimitWaitMs: counts.rateLimitWaitMs,
      durationMs: Date.now() - started,
      error: null,
    });
    if (stored.pages > 0 && stored.resumeFrom === null) return outcome('succeeded', stored.rows, stored.pages, previous);
    const from = (stored.resumeFrom as SourceCursor | undefined) ?? undefined;
    const parents = entry.expand ? await parentIds(deps, input.runId, entry.expand.from, entry.expand.key ?? 'id') : undefined;

    const http = await openTenantClient(deps.store, connection, { budget: deps.budget, redis: deps.redis, timeoutMs: deps.requestTimeoutMs, priority: input.priority });
    const log = deps.logger.child({ runId: input.runId, source: input.source, connectionId: connection.id });
    let progress: Progress = { ...previous, cursor: from ?? null };
    const tally = () => ({ requests: previous.requests + http.stats.requests, rateLimitWaitMs: previous.rateLimitWaitMs + http.stats.rateLimitWaitMs });
    // Waits for the budget window, a 429 pause or in-process retries can outlast the heartbeat timeout: keep telling
    // Temporal we are alive, well within whatever heartbeat timeout the run was given.
    const keepAlive = setInterval(() => heartbeat(progress), keepAliveMs(activityInfo().heartbeatTimeoutMs));
    try {
      if (from) log.info({ resumeAt: from }, 'resuming source after the last stored page');
      else await deps.store.truncatePages(input.runId, input.source, 0);
      for await (const page of sourcePages(http, entry, { from, query: input.query, parents, signal: cancellationSignal() })) {
        await deps.store.putPage({ runId: input.runId, source: input.source, pageIndex: page.index, rows: page.rows, next: page.next, fetchedAt: new Date().toISOString() });
        progress = { cursor: page.next, ...tally() };
        heartbeat(progress);
      }
      const done = await deps.store.sourceProgress(input.runId, input.source);
      log.info({ records: done.rows, pages: done.pages, requests: tally().requests }, 'source collected');
      return outcome('succeeded', done.rows, done.pages, tally());
    } catch (error) {
      if (error instanceof BudgetUnavailableError) throw budgetFailure(error);
      if (!(error instanceof IruError)) throw error;
      const counts = tally();
      if (error.code === 'IRU_FORBIDDEN') {
        log.warn({ code: error.code, status: error.status }, 'permission missing');
        return {
          ...outcome('failed', 0, 0, counts),
          error: {
            code: 'permission_denied',
            message: `The API token lacks the GET permission ${describePermission(entry)}; Iru answered ${error.status}.`,
            remedy: `In Iru, open Access > API tokens, edit this token's Permissions and enable ${entry.permission.label} under ${entry.permission.heading} > ${entry.permission.section}.`,
          },
        };
      }
      if (error.code === 'IRU_NOT_FOUND' && entry.entitlement) {
        return { ...outcome('not_applicable', 0, 0, counts), error: { code: 'not_entitled', message: `The tenant has no ${entry.entitlement} (Iru answered 404 for ${entry.path}).` } };
      }
      throw toFailure(error);
    } finally {
      clearInterval(keepAlive);
      await http.close();
    }
  };
}

/** The shared budget (Redis) is gone: retried like a transient failure, diagnosed as what it is. */
export function budgetFailure(error: BudgetUnavailableError): ApplicationFailure {
  return ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: false });
}

/** How often a waiting activity heartbeats: a third of its heartbeat timeout, at most every 5 s. */
export function keepAliveMs(heartbeatTimeoutMs: number | undefined): number {
  return Math.max(100, Math.min(5_000, Math.floor((heartbeatTimeoutMs ?? 30_000) / 3)));
}

/** The distinct ids of a parent source's stored rows, sorted, so every attempt walks them in the same order. */
async function parentIds(deps: ActivityDeps, runId: string, source: string, key: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const page of deps.store.pages<Record<string, unknown>>(runId, source)) for (const row of page.rows) if (row[key] !== undefined) ids.add(String(row[key]));
  return [...ids].sort();
}

/** Iru errors as Temporal failures: permanent ones stop retries, a long Retry-After becomes a durable wait. */
function toFailure(error: IruError): ApplicationFailure {
  return ApplicationFailure.create({
    message: error.message,
    type: error.code,
    nonRetryable: !error.retryable,
    nextRetryDelay: error instanceof IruRateLimitedError ? error.retryAfterMs + Math.floor(Math.random() * 1_000) : undefined,
    details: [{ status: error.status, request: error.request }],
  });
}
