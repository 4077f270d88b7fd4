import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PlannedArtifact } from '../activities/plan-collection.js';
import { runOutcome, type NotEvaluableArtifact, type RunSummary, type SourceError, type SourceOutcome } from '../src/collector/run-summary.js';
import { progressQuery, type CollectionProgress } from './progress.js';

export interface CollectEvidenceInput {
  connectionId: string;
  /** How long a collecting or building activity may go without a heartbeat before another worker takes over. */
  heartbeatTimeoutSeconds?: number;
  /** Collect only these catalog sources (their parents are added); all by default. */
  sources?: string[];
  /** Retries of a failing source before the run goes on without it (default 6 attempts, from 2 s doubling to 5 min). */
  sourceRetry?: { maximumAttempts?: number; initialIntervalSeconds?: number };
}

const PERMANENT = ['UNKNOWN_SOURCE', 'IRU_INVALID_RESPONSE', 'IRU_UNAUTHORIZED', 'IRU_FORBIDDEN', 'IRU_REQUEST_REFUSED', 'IRU_HTTP_ERROR', 'CONNECTION_NOT_FOUND', 'ArtifactSchemaError'];

const control = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: PERMANENT },
});

/** Building heartbeats per page read, so a worker that dies mid-build is noticed within the heartbeat timeout, not after 30 minutes. */
function buildProfile(input: CollectEvidenceInput) {
  return proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? 30} seconds`,
    retry: { maximumAttempts: 3, nonRetryableErrorTypes: PERMANENT },
  });
}

function collectProfile(input: CollectEvidenceInput) {
  return proxyActivities<Activities>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? 30} seconds`,
    retry: {
      initialInterval: `${input.sourceRetry?.initialIntervalSeconds ?? 2} seconds`,
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      maximumAttempts: input.sourceRetry?.maximumAttempts ?? 6,
      nonRetryableErrorTypes: PERMANENT,
    },
  });
}

/**
 * One collection of one connection: plan, collect every source (pages go to the store, counts come back),
 * build the Artifacts, publish them. History carries ids and counts only.
 */
export async function collectEvidence(input: CollectEvidenceInput): Promise<RunSummary> {
  const { workflowId } = workflowInfo();
  const runId = workflowId;
  const startedAt = new Date().toISOString();
  const progress: CollectionProgress = { stage: 'planning', sourcesDone: 0, sourcesTotal: 0, sources: [] };
  setHandler(progressQuery, () => progress);
  let plan: Awaited<ReturnType<Activities['planCollection']>>;
  try {
    plan = await control.planCollection({ connectionId: input.connectionId, runId, workflowId, startedAt, sources: input.sources });
  } catch (error) {
    // A run that could not even be planned still ends in the store, failed with its diagnosis (not "running"
    // forever); nothing is published, so the earlier Artifacts stay current.
    const failure = describeFailure(error);
    await control.publishRun({ runId, connectionId: input.connectionId, status: 'failed', startedAt, finishedAt: new Date().toISOString(), sources: [], artifacts: [], notEvaluable: [], error: failure });
    throw error;
  }
  progress.estimatedRequests = plan.estimate.requests;
  progress.sourcesTotal = plan.phases.flat().length;
  if (plan.waitMs > 0) {
    progress.stage = 'waiting-for-budget';
    progress.resumesAt = new Date(Date.now() + plan.waitMs).toISOString();
    await sleep(plan.waitMs);
  }
  progress.stage = 'collecting';

  const collect = collectProfile(input);
  const build = buildProfile(input);
  const collected = new Map<string, Promise<SourceOutcome>>();
  for (const source of plan.phases.flat()) {
    const parent = source.parent ? collected.get(source.parent) : undefined;
    const outcome = collectAfter(source.name, parent, () =>
      collect.collectSource({ connectionId: input.connectionId, runId, source: source.name, via: source.via, query: source.query, priority: source.priority }).catch((error: unknown) => failedSource(source.name, error)),
    ).then((done) => {
      progress.sources.push({ name: done.name, status: done.status, records: done.records, requests: done.requests });
      progress.sourcesDone++;
      return done;
    });
    collected.set(source.name, outcome);
  }
  // Each Artifact is built as soon as its own sources are in, while the rest are still being collected; one build
  // at a time, since builds share the worker's one thread with collection and each holds a per-device index.
  let building: Promise<unknown> = Promise.resolve();
  const buildInTurn = (args: Parameters<typeof build.buildArtifact>[0]) => {
    const built = building.then(() => build.buildArtifact(args));
    building = built.catch(() => undefined);
    return built;
  };
  const early = plan.artifacts
    .filter((artifact) => artifact.sources.length > 0)
    .map(async (artifact) => {
      const outcomes = await Promise.all(artifact.sources.map((name) => collected.get(name)!));
      return outcomes.every((o) => o.status === 'succeeded') ? buildInTurn({ connectionId: input.connectionId, runId, type: artifact.type, sources: outcomes }) : undefined;
    });
  const sources = await Promise.all(collected.values());
  progress.stage = 'building';

  reclassifyPartialUnauthorized(sources);
  const unauthorized = sources.find((s) => s.error?.code === 'unauthorized');
  const artifacts = (await Promise.all(early)).filter((a) => a !== undefined);
  if (!unauthorized) {
    for (const artifact of plan.artifacts.filter((a) => a.sources.length === 0)) artifacts.push(await buildInTurn({ connectionId: input.connectionId, runId, type: artifact.type, sources }));
  }
  const summary: RunSummary = {
    runId,
    connectionId: input.connectionId,
    status: unauthorized ? 'failed' : runOutcome(sources),
    startedAt,
    finishedAt: new Date().toISOString(),
    sources,
    artifacts,
    notEvaluable: unauthorized ? [] : notEvaluable(plan.artifacts, sources),
    error: unauthorized?.error ?? null,
    plan: { estimatedRequests: plan.estimate.requests, probeRequests: plan.estimate.probeRequests, budgetLeft: plan.budgetLeft, waitedMs: plan.waitMs, sources: plan.estimate.sources },
  };
  progress.stage = 'publishing';
  await control.publishRun(summary);
  await control.reviewConnectionHealth(summary);
  progress.stage = 'done';
  if (unauthorized?.error) throw ApplicationFailure.nonRetryable(unauthorized.error.message, 'IRU_UNAUTHORIZED');
  return summary;
}

/**
 * Official sources disagree on whether Iru answers a missing endpoint permission with 401 or 403. A 401 on some
 * sources while others succeed is therefore a permission gap, not a bad token.
 */
function reclassifyPartialUnauthorized(sources: SourceOutcome[]): void {
  if (!sources.some((s) => s.status === 'succeeded')) return;
  for (const source of sources) {
    if (source.error?.code !== 'unauthorized') continue;
    source.error = {
      code: 'permission_denied',
      message: `Iru answered 401 for the ${source.name} source while other endpoints answered with data: the token lacks this endpoint's GET permission (Iru answers a missing permission with 401 or 403).`,
      remedy: "In Iru, open Access > API tokens, edit this token's Permissions and enable GET for this endpoint (run `iru-evidence diagnose` for the exact permission name).",
    };
  }
}

/** A per-parent source is collected once its parent is; if the parent was not collected, it shares the parent's outcome. */
async function collectAfter(name: string, parent: Promise<SourceOutcome> | undefined, collect: () => Promise<SourceOutcome>): Promise<SourceOutcome> {
  const done = await parent;
  return done && done.status !== 'succeeded' ? skippedSource(name, done) : collect();
}

/** Artifacts a source of which was not collected: not evaluable, saying why; none when a source is not applicable to the tenant. */
function notEvaluable(planned: PlannedArtifact[], sources: SourceOutcome[]): NotEvaluableArtifact[] {
  const outcomes = new Map(sources.map((s) => [s.name, s]));
  return planned.flatMap(({ type, sources: names }) => {
    const missing = names.map((name) => outcomes.get(name)!).filter((o) => o.status !== 'succeeded');
    if (missing.length === 0 || missing.some((o) => o.status === 'not_applicable')) return [];
    const denied = missing.some((o) => o.error?.code === 'permission_denied');
    return [{ type, reason: denied ? 'permission_denied' : 'transient', sources: missing.map((o) => o.name) } satisfies NotEvaluableArtifact];
  });
}

/** A per-parent source whose parent was not collected shares its parent's outcome. */
function skippedSource(name: string, parent: SourceOutcome): SourceOutcome {
  return { name, status: parent.status, records: 0, pages: 0, requests: 0, rateLimitWaitMs: 0, durationMs: 0, error: parent.error };
}

/** A source whose activity gave up: the run goes on with the other sources and reports why this one failed. */
function failedSource(name: string, error: unknown): SourceOutcome {
  return { name, status: 'failed', records: 0, pages: 0, requests: 0, rateLimitWaitMs: 0, durationMs: 0, error: describeFailure(error) };
}

function describeFailure(error: unknown): SourceError {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  switch (type) {
    case 'IRU_UNAUTHORIZED':
      return {
        code: 'unauthorized',
        message: `Iru rejected the API token (401 Unauthorized): it is invalid, revoked or expired. ${message}`,
        remedy: 'In Iru, open Access > API tokens, create a token (it is shown only once), grant it GET permissions, and save it with `iru-evidence connect`.',
      };
    case 'IRU_RATE_LIMITED':
      return { code: 'rate_limited', message, remedy: 'The tenant hourly quota (10,000 requests) is exhausted; the next scheduled collection will retry.' };
    case 'IRU_INVALID_RESPONSE':
      return { code: 'invalid_response', message };
    case 'IRU_REQUEST_REFUSED':
      return { code: 'request_refused', message };
    case 'IRU_BUDGET_UNAVAILABLE':
      return {
        code: 'budget_unavailable',
        message,
        remedy: 'Check that Redis (REDIS_URL) is running and reachable from every worker; the next collection retries. Without it no request is sent, rather than risk exceeding the tenant\'s share.',
      };
    default:
      return { code: 'transient', message };
  }
}
