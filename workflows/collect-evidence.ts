import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PlannedArtifact } from '../activities/plan-collection.js';
import { runOutcome, type ArtifactRef, type NotEvaluableArtifact, type RunSummary, type SourceError, type SourceOutcome } from '../src/collector/run-summary.js';
import { sourceErrorOfType } from '../src/collector/source-error.js';
import { failureOf, NON_RETRYABLE_TYPES } from '../src/failures/index.js';
import { canBuildFrom } from '../src/evidence/permission-denied.js';
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

const control = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
});

/** Building heartbeats per page read, so a worker that dies mid-build is noticed within the heartbeat timeout, not after 30 minutes. */
function buildProfile(input: CollectEvidenceInput) {
  return proxyActivities<Activities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? 30} seconds`,
    retry: { maximumAttempts: 3, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
  });
}

/**
 * Collection is one activity for all sources. Each source has its own allowance of failed attempts; the activity's
 * limit leaves room for every source to use its allowance in a different attempt, plus a few lost workers.
 */
function collectProfile(input: CollectEvidenceInput, sources: number) {
  const retry = {
    maximumAttempts: input.sourceRetry?.maximumAttempts ?? 6,
    initialIntervalMs: (input.sourceRetry?.initialIntervalSeconds ?? 2) * 1000,
    maximumIntervalMs: 5 * 60_000,
  };
  const attemptLimit = retry.maximumAttempts * sources + LOST_WORKER_ALLOWANCE;
  const activities = proxyActivities<Activities>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds ?? 30} seconds`,
    retry: { initialInterval: retry.initialIntervalMs, backoffCoefficient: 2, maximumInterval: retry.maximumIntervalMs, maximumAttempts: attemptLimit, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
  });
  return { activities, retry, attemptLimit };
}

/** Attempts of the collecting activity that may end with its worker lost (a heartbeat timeout) rather than a source failing. */
const LOST_WORKER_ALLOWANCE = 5;

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
  // A run that stops before its sources are in still ends in the store, failed with its one diagnosis (not "running"
  // forever), and the connection is reviewed (a rejected token needs attention); nothing is published, so the earlier
  // Artifacts stay current.
  const stop = async (error: unknown): Promise<never> => {
    const summary: RunSummary = { runId, connectionId: input.connectionId, status: 'failed', startedAt, finishedAt: new Date().toISOString(), sources: [], artifacts: [], notEvaluable: [], error: describeFailure(error) };
    await control.publishRun(summary);
    await control.reviewConnectionHealth(summary);
    const cause = error instanceof ActivityFailure ? error.cause : error;
    throw ApplicationFailure.nonRetryable(summary.error!.message, cause instanceof ApplicationFailure ? cause.type : undefined);
  };
  let plan: Awaited<ReturnType<Activities['planCollection']>>;
  try {
    plan = await control.planCollection({ connectionId: input.connectionId, runId, workflowId, startedAt, sources: input.sources });
  } catch (error) {
    return stop(error);
  }
  progress.estimatedRequests = plan.estimate.requests;
  progress.estimate = plan.estimate.sources;
  progress.sourcesTotal = plan.phases.flat().length;
  if (plan.waitMs > 0) {
    progress.stage = 'waiting-for-budget';
    progress.resumesAt = new Date(Date.now() + plan.waitMs).toISOString();
    await sleep(plan.waitMs);
  }
  progress.stage = 'collecting';

  // One activity at a time, whatever the fleet: the history is the same length for 2,000 devices or 100,000.
  const planned = plan.phases.flat();
  const collect = collectProfile(input, planned.length);
  const sources = await collect.activities
    .collectSources({ connectionId: input.connectionId, runId, sources: planned, retry: collect.retry, attemptLimit: collect.attemptLimit })
    .catch((error: unknown) => (stopsRun(error) ? stop(error) : planned.map((source) => failedSource(source.name, error))));
  progress.sources = sources.map(({ name, status, records, requests }) => ({ name, status, records, requests }));
  progress.sourcesDone = sources.length;
  progress.stage = 'building';

  const outcomes = new Map(sources.map((s) => [s.name, s]));
  const build = buildProfile(input);
  // A denied source does not stop an Artifact: it is built from the others, its records not evaluable, naming the permission.
  const fromSources = plan.artifacts.filter((a) => a.sources.length > 0 && canBuildFrom(a.sources.map((name) => outcomes.get(name)!)));
  const fromRun = plan.artifacts.filter((a) => a.sources.length === 0);
  progress.artifactsBuilt = 0;
  progress.artifactsTotal = fromSources.length + fromRun.length;
  const artifacts: ArtifactRef[] = [];
  for (const artifact of fromSources) {
    const from = [...artifact.sources, ...(artifact.optionalSources ?? [])].map((name) => outcomes.get(name)!);
    artifacts.push(await build.buildArtifact({ connectionId: input.connectionId, runId, type: artifact.type, sources: from }));
    progress.artifactsBuilt++;
  }
  for (const artifact of fromRun) {
    artifacts.push(await build.buildArtifact({ connectionId: input.connectionId, runId, type: artifact.type, sources }));
    progress.artifactsBuilt++;
  }
  const summary: RunSummary = {
    runId,
    connectionId: input.connectionId,
    status: runOutcome(sources),
    startedAt,
    finishedAt: new Date().toISOString(),
    sources,
    artifacts,
    notEvaluable: notEvaluable(plan.artifacts, sources),
    error: null,
    plan: { estimatedRequests: plan.estimate.requests, probeRequests: plan.estimate.probeRequests, budgetLeft: plan.budgetLeft, waitedMs: plan.waitMs, windowEndSource: plan.windowEndSource, sources: plan.estimate.sources },
  };
  progress.stage = 'publishing';
  await control.publishRun(summary);
  await control.reviewConnectionHealth(summary);
  progress.stage = 'done';
  return summary;
}

/** Artifacts a source of which was not collected: not evaluable, saying why; none when a source is not applicable to the tenant. */
function notEvaluable(planned: PlannedArtifact[], sources: SourceOutcome[]): NotEvaluableArtifact[] {
  const outcomes = new Map(sources.map((s) => [s.name, s]));
  return planned.flatMap(({ type, sources: names }) => {
    const missing = names.map((name) => outcomes.get(name)!).filter((o) => o.status !== 'succeeded');
    if (missing.length === 0 || missing.some((o) => o.status === 'not_applicable')) return [];
    const denied = missing.some((o) => failureOf(o.error?.code)?.kind === 'permission');
    return [{ type, reason: denied ? 'permission_denied' : 'transient', sources: missing.map((o) => o.name) } satisfies NotEvaluableArtifact];
  });
}

/** A source whose activity gave up: the run goes on with the other sources and reports why this one failed. */
function failedSource(name: string, error: unknown): SourceOutcome {
  return { name, status: 'failed', records: 0, pages: 0, requests: 0, rateLimitWaitMs: 0, durationMs: 0, error: describeFailure(error) };
}

function describeFailure(error: unknown): SourceError {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  return sourceErrorOfType(type ?? undefined, cause instanceof Error ? cause.message : String(cause));
}

/** A failure that no source can get past (a rejected token): the run stops with it rather than fail each source. */
function stopsRun(error: unknown): boolean {
  return failureOf(describeFailure(error).code)?.connection === 'needs_attention';
}
