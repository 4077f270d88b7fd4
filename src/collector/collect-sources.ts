import { ConnectionNotFoundError, FAILURES, failureOfError, SourcesToRetryError } from '../failures/index.js';
import { CredentialGate, IruRateLimitedError } from '../iru/index.js';
import type { Connection, SourceError, SourceOutcome } from '../store/index.js';
import type { CollectorDeps } from './deps.js';
import { pageSource, type SourceCheckpoint } from './page-source.js';
import type { PlannedSource } from './plan-collection.js';
import { sourceError } from './source-error.js';
import { openTenantClient } from './tenant-client.js';
import { confirmToken } from './token-check.js';

export interface CollectSourcesInput {
  connectionId: string;
  runId: string;
  /** In plan order: a per-parent source comes after its parent. */
  sources: PlannedSource[];
  /** Per source: failed attempts before the run goes on without it, and the wait before the next (doubling). */
  retry: { maximumAttempts: number; initialIntervalMs: number; maximumIntervalMs: number };
  /** The activity's own attempt limit: on that attempt, sources still failing are settled as failed. */
  attemptLimit: number;
}

/** Each source's progress, by name: what an attempt heartbeats and the next one resumes from. */
export type Checkpoints = Record<string, SourceCheckpoint>;

/** One attempt of the collection, as the host that runs it (a Temporal activity, a test) sees it. */
export interface CollectAttempt {
  /** 1 for the first attempt; on `attemptLimit`, sources still failing are settled as failed. */
  attempt: number;
  /** What the previous attempt last heartbeated. */
  checkpoints?: Checkpoints;
  /** Keeps the checkpoints where the next attempt finds them; called after every page and every `keepAliveMs` while waiting. */
  heartbeat: (checkpoints: Checkpoints) => void;
  keepAliveMs: number;
  signal: AbortSignal;
}

/** A source to try again on the next attempt, and why. */
interface Retry {
  source: string;
  failures: number;
  retryAfterMs?: number;
  message: string;
}

/**
 * Collects all of a run's sources in one attempt, concurrently under the tenant's limiter; a per-parent source starts
 * when its parent is in. One activity keeps the run's history the same length whatever the fleet and however the
 * sources' ends fall in time. Sources that fail transiently end the attempt with SourcesToRetryError (the host retries
 * after its delay) once the others have finished; settled sources are kept in the heartbeated checkpoints and pages in
 * the store, so the next attempt, or a new worker after a crash, goes on where the last one stopped.
 */
export async function collectSources(deps: CollectorDeps, input: CollectSourcesInput, attempt: CollectAttempt): Promise<SourceOutcome[]> {
  const connection = await deps.store.getConnection(input.connectionId);
  if (!connection) throw new ConnectionNotFoundError(input.connectionId);
  const checkpoints: Checkpoints = { ...(attempt.checkpoints ?? {}) };
  const lastAttempt = attempt.attempt >= input.attemptLimit;
  const retries: Retry[] = [];
  const log = deps.logger.child({ runId: input.runId, connectionId: connection.id });
  const credentials = new CredentialGate();

  const collect = async (source: PlannedSource): Promise<SourceOutcome | undefined> => {
    const checkpoint = (checkpoints[source.name] ??= { cursor: null, requests: 0, rateLimitWaitMs: 0, failures: 0 });
    if (checkpoint.outcome) return checkpoint.outcome;
    try {
      const onPage = () => attempt.heartbeat(checkpoints);
      checkpoint.outcome = await pageSource(deps, { connection, runId: input.runId, source, checkpoint, signal: attempt.signal, onPage, credentials });
      return checkpoint.outcome;
    } catch (error) {
      if (attempt.signal.aborted) throw error;
      const failure = classify(error);
      checkpoint.failures += 1;
      // The run summary reports each source's failure; only our own bugs are worth a warning besides.
      const level = failureOfError(error).kind === 'internal' ? 'warn' : 'info';
      log[level]({ source: source.name, failures: checkpoint.failures, code: failure.error.code, message: failure.error.message }, 'source failed');
      if (!failure.retryable || checkpoint.failures >= input.retry.maximumAttempts || lastAttempt) {
        const { requests, rateLimitWaitMs } = checkpoint;
        const via = source.via ? { via: source.via } : {};
        const error = failure.error;
        checkpoint.outcome = { name: source.name, ...via, status: 'failed', records: 0, pages: 0, requests, rateLimitWaitMs, durationMs: 0, error };
        return checkpoint.outcome;
      }
      retries.push({ source: source.name, failures: checkpoint.failures, retryAfterMs: failure.retryAfterMs, message: failure.error.message });
      return undefined;
    }
  };

  const settled = new Map<string, Promise<SourceOutcome | undefined>>();
  for (const source of input.sources) {
    const parent = source.parent ? settled.get(source.parent) : undefined;
    settled.set(
      source.name,
      afterParent(source.name, parent, () => collect(source)),
    );
  }
  const keepAlive = setInterval(() => attempt.heartbeat(checkpoints), attempt.keepAliveMs);
  let outcomes: (SourceOutcome | undefined)[];
  try {
    outcomes = await Promise.all(settled.values());
  } finally {
    clearInterval(keepAlive);
  }
  attempt.heartbeat(checkpoints);
  await settleUnauthorized(deps, connection, credentials, outcomes, attempt.signal);
  if (retries.length === 0) return outcomes as SourceOutcome[];
  throw retryFailure(retries, input.retry);
}

/** A per-parent source waits for its parent: it is retried with it, or shares its outcome if it was not collected. */
async function afterParent(
  name: string,
  parent: Promise<SourceOutcome | undefined> | undefined,
  collect: () => Promise<SourceOutcome | undefined>,
): Promise<SourceOutcome | undefined> {
  if (!parent) return collect();
  const done = await parent;
  if (!done) return undefined;
  if (done.status === 'succeeded') return collect();
  return { name, status: done.status, records: 0, pages: 0, requests: 0, rateLimitWaitMs: 0, durationMs: 0, error: done.error };
}

/** What a source's failure means, by the failure vocabulary. */
function classify(error: unknown): { retryable: boolean; retryAfterMs?: number; error: SourceError } {
  const failure = failureOfError(error);
  const retryAfterMs = error instanceof IruRateLimitedError ? error.retryAfterMs + Math.floor(Math.random() * 1_000) : undefined;
  return { retryable: failure.retryable.source, retryAfterMs, error: sourceError(failure, error instanceof Error ? error.message : String(error)) };
}

/**
 * Sources that got 401: until the token is proven accepted or rejected, other endpoints are asked (at most 3 in all).
 * Rejected: the activity fails with that one diagnosis. Accepted (an answer elsewhere, now or at an earlier attempt):
 * each 401 was a missing permission, which some tenants answer with 401 rather than 403.
 */
async function settleUnauthorized(
  deps: CollectorDeps,
  connection: Connection,
  credentials: CredentialGate,
  outcomes: (SourceOutcome | undefined)[],
  signal: AbortSignal,
): Promise<void> {
  const unauthorized = outcomes.filter((o): o is SourceOutcome => o?.error?.code === FAILURES.unauthorized.code);
  if (credentials.state === 'undecided' && (unauthorized.length > 0 || credentials.rejectedBy.length > 0) && !outcomes.some((o) => o?.status === 'succeeded')) {
    const http = await openTenantClient(deps.store, connection, { budget: deps.budget, redis: deps.redis, timeoutMs: deps.requestTimeoutMs, credentials });
    try {
      await confirmToken(http, signal);
    } finally {
      await http.close();
    }
  }
  if (credentials.state === 'rejected') throw credentials.rejection();
  for (const source of unauthorized) {
    source.error = sourceError(
      FAILURES.permission_denied,
      `Iru answered 401 for the ${source.name} source while it accepted the token elsewhere: ` +
        "the token lacks this endpoint's GET permission (Iru answers a missing permission with 401 or 403).",
    );
  }
}

/** The activity fails so that Temporal retries it after a durable wait: the backoff of the most-failed source, or a longer Retry-After. */
function retryFailure(retries: Retry[], policy: CollectSourcesInput['retry']): SourcesToRetryError {
  const failures = Math.max(...retries.map((r) => r.failures));
  const backoffMs = Math.min(policy.maximumIntervalMs, policy.initialIntervalMs * 2 ** (failures - 1));
  const waitMs = Math.max(backoffMs, ...retries.map((r) => r.retryAfterMs ?? 0));
  const failing = retries.map((r) => `${r.source} (attempt ${r.failures}): ${r.message}`).join('; ');
  return new SourcesToRetryError(`${failing}; retrying in ${Math.ceil(waitMs / 1000)} s`, waitMs);
}

/** How often a waiting attempt heartbeats: a third of its heartbeat timeout, at most every 5 s. */
export function keepAliveMs(heartbeatTimeoutMs: number | undefined): number {
  return Math.max(100, Math.min(5_000, Math.floor((heartbeatTimeoutMs ?? 30_000) / 3)));
}
