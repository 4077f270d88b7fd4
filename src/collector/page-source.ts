import { ERROR_TYPES } from '../failures/index.js';
import { deniedRouteName, endpoint, IruError, readEndpointLine, type CredentialGate, type DeniedRoute } from '../iru/index.js';
import type { Connection, SourceError, SourceOutcome } from '../store/index.js';
import type { CollectorDeps } from './deps.js';
import type { PlannedSource } from './plan-collection.js';
import { sourcePages, type SourceCursor } from './source-pages.js';
import { openTenantClient } from './tenant-client.js';
import { notEntitled, permissionDenied } from './unavailable-source.js';

/** One source's progress across attempts, heartbeated with the others'. */
export interface SourceCheckpoint {
  cursor: SourceCursor | null;
  /** Requests and 429 waits of all attempts so far. */
  requests: number;
  rateLimitWaitMs: number;
  /** Attempts of this source that failed and may be retried: each source has its own allowance. */
  failures: number;
  /** Set once the source is settled, so a retried activity does not ask Iru again. */
  outcome?: SourceOutcome;
  /** Set when the source's own permission was denied and its denied route (catalog `onDenied`) is read instead. */
  deniedRoute?: boolean;
  /** Parents Iru no longer had when their own list was read (404): deleted during the collection. */
  gone?: number;
}

export interface PageSourceRun {
  connection: Connection;
  runId: string;
  source: PlannedSource;
  checkpoint: SourceCheckpoint;
  signal: AbortSignal;
  /** Called after each page is stored and the checkpoint moved past it. */
  onPage: () => void;
  /** The run's credential gate, shared by its sources: a rejected token is found once, with at most 3 requests. */
  credentials?: CredentialGate;
}

/**
 * Pages one source into the store. Each page is written (idempotently, keyed by run, source and page) before the
 * checkpoint moves past it, so a retried attempt resumes after the last stored page. A source whose permission is
 * denied is read through its denied route when the catalog has one (the outcome names it in `via`); otherwise a missing
 * permission or entitlement is an outcome; any other failure is thrown for the caller to retry or settle.
 */
export async function pageSource(deps: CollectorDeps, run: PageSourceRun): Promise<SourceOutcome> {
  const started = Date.now();
  const { source, checkpoint, runId } = run;
  const stored = await deps.store.sourceProgress(runId, source.name);
  // The heartbeat may be lost with the worker: the stored pages say which endpoint they came from.
  if (!checkpoint.deniedRoute && stored.pages > 0 && (await storedThroughRoute(deps, runId, source.name))) checkpoint.deniedRoute = true;
  const route = checkpoint.deniedRoute ? endpoint(source.name).onDenied : undefined;
  const entry = endpoint(route?.endpoint ?? source.via ?? source.name);
  const via = route ? deniedRouteName(route) : source.via;
  const outcome = (status: SourceOutcome['status'], records: number, pages: number): SourceOutcome => ({
    name: source.name,
    ...(via ? { via } : {}),
    status,
    records,
    pages,
    requests: checkpoint.requests,
    rateLimitWaitMs: checkpoint.rateLimitWaitMs,
    durationMs: Date.now() - started,
    error: null,
    // Read through its route: the evidence is complete, and the permission the token lacks is still reported.
    ...(route && via ? { denied: readThroughRoute(source.name, via) } : {}),
    ...(checkpoint.gone ? { gone: checkpoint.gone } : {}),
  });
  if (stored.pages > 0 && stored.resumeFrom === null) return outcome('succeeded', stored.rows, stored.pages);
  const from = (stored.resumeFrom as SourceCursor | undefined) ?? undefined;
  const parents = entry.expand ? await parentIds(deps, runId, entry.expand.from, entry.expand.key ?? 'id') : undefined;

  const http = await openTenantClient(deps.store, run.connection, {
    budget: deps.budget,
    redis: deps.redis,
    timeoutMs: deps.requestTimeoutMs,
    priority: source.priority,
    credentials: run.credentials,
  });
  const log = deps.logger.child({ runId, source: source.name, connectionId: run.connection.id });
  const before = { requests: checkpoint.requests, rateLimitWaitMs: checkpoint.rateLimitWaitMs };
  const tally = () => {
    checkpoint.requests = before.requests + http.stats.requests;
    checkpoint.rateLimitWaitMs = before.rateLimitWaitMs + http.stats.rateLimitWaitMs;
  };
  checkpoint.cursor = from ?? null;
  try {
    if (from) log.info({ resumeAt: from }, 'resuming source after the last stored page');
    else await deps.store.truncatePages(runId, source.name, 0);
    for await (const page of sourcePages(http, entry, { from, query: source.query, parents, filter: route?.filter, signal: run.signal })) {
      const next: SourceCursor | null = route && page.next ? { ...page.next, route: via } : page.next;
      await deps.store.putPage({ runId, source: source.name, pageIndex: page.index, rows: page.rows, next, fetchedAt: new Date().toISOString() });
      checkpoint.cursor = next;
      if (page.gone) {
        checkpoint.gone = (checkpoint.gone ?? 0) + 1;
        log.info({ parent: page.gone }, 'parent deleted during the collection (404 on its own list): left out');
      }
      tally();
      run.onPage();
    }
    tally();
    const done = await deps.store.sourceProgress(runId, source.name);
    log.info({ records: done.rows, pages: done.pages, requests: checkpoint.requests }, 'source collected');
    return outcome('succeeded', done.rows, done.pages);
  } catch (error) {
    tally();
    const alternative = error instanceof IruError && error.code === ERROR_TYPES.forbidden ? deniedRouteFor(source.name, checkpoint) : undefined;
    if (alternative) {
      // Info, not warn: the run summary and the connection report a missing permission; a warning would say it twice.
      log.info({ code: (error as IruError).code, route: deniedRouteName(alternative) }, 'permission missing: reading the same signal through its denied route');
      checkpoint.deniedRoute = true;
      checkpoint.cursor = null;
    } else if (error instanceof IruError && error.code === ERROR_TYPES.forbidden) {
      log.info({ code: error.code, status: error.status }, 'permission missing');
      return {
        ...outcome('failed', 0, 0),
        error: permissionDenied(entry, error.status),
      };
    }
    if (error instanceof IruError && error.code === ERROR_TYPES.notFound && entry.entitlement) {
      return { ...outcome('not_applicable', 0, 0), error: notEntitled(entry) };
    }
    if (!alternative) throw error;
  } finally {
    await http.close();
  }
  // Denied: the pages stored so far (none, unless the permission went mid-read) are replaced by the route's.
  await deps.store.truncatePages(runId, source.name, 0);
  return pageSource(deps, run);
}

/** The catalog's route for a denied source, unless it is the route that was denied. */
function deniedRouteFor(source: string, checkpoint: SourceCheckpoint): DeniedRoute | undefined {
  return checkpoint.deniedRoute ? undefined : endpoint(source).onDenied;
}

/** The permission a source read through its denied route lacks, named, with its remedy and the route that read it. */
function readThroughRoute(source: string, via: string): SourceError {
  const denied = permissionDenied(endpoint(source), 403); // only a 403 (IruForbiddenError) sends a source to its route
  return { ...denied, message: `${denied.message} The same signal was read through ${readEndpointLine(source, via)} instead.` };
}

/**
 * Whether the pages stored for a source came from its denied route: its first page's cursor names the route (a route
 * lists at least two filter values, so that cursor is never null), and its rows carry the filter value.
 */
async function storedThroughRoute(deps: CollectorDeps, runId: string, source: string): Promise<boolean> {
  const route = endpoint(source).onDenied;
  if (!route) return false;
  for await (const page of deps.store.pages<Record<string, unknown>>(runId, source)) {
    return (page.next as SourceCursor | null)?.route === deniedRouteName(route) || page.rows.some((row) => route.filter.into in row);
  }
  return false;
}

/** The distinct ids of a parent source's stored rows, sorted, so every attempt walks them in the same order. */
async function parentIds(deps: CollectorDeps, runId: string, source: string, key: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const page of deps.store.pages<Record<string, unknown>>(runId, source)) {
    for (const row of page.rows) if (row[key] !== undefined) ids.add(String(row[key]));
  }
  return [...ids].sort();
}
