import { ActivityFailure, ApplicationFailure, CancellationScope, isCancellation, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CollectionPlan } from '../src/collector/plan-collection.js';
import { artifactsToBuild, completedRun, describeFailure, failedSources, stoppedRun, stopsRun, type CaughtFailure } from '../src/collector/run-result.js';
import type { ArtifactRef, RunSummary } from '../src/store/index.js';
import { ERROR_TYPES, NON_RETRYABLE_TYPES } from '../src/failures/index.js';
import { progressQuery, type CollectEvidenceInput, type CollectEvidenceWorkflow, type CollectionProgress } from '../src/temporal-contract.js';

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
    retry: {
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: retry.maximumIntervalMs,
      maximumAttempts: attemptLimit,
      nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
    },
  });
  return { activities, retry, attemptLimit };
}

/** Attempts of the collecting activity that may end with its worker lost (a heartbeat timeout) rather than a source failing. */
const LOST_WORKER_ALLOWANCE = 5;

/**
 * One collection of one connection: plan, collect every source (pages go to the store, counts come back),
 * build the Artifacts, publish them. History carries ids and counts only. What the result says is decided by
 * src/collector/run-result.ts.
 */
export async function collectEvidence(input: CollectEvidenceInput): Promise<RunSummary> {
  const { workflowId } = workflowInfo();
  const runId = workflowId;
  const startedAt = new Date().toISOString();
  const run = () => ({ runId, connectionId: input.connectionId, startedAt, finishedAt: new Date().toISOString() });
  const progress: CollectionProgress = { stage: 'planning', sourcesDone: 0, sourcesTotal: 0, sources: [] };
  setHandler(progressQuery, () => progress);
  // A run that stops before its sources are in still ends in the store, failed with its one diagnosis (not "running"
  // forever), and the connection is reviewed (a rejected token needs attention); nothing is published, so the earlier
  // Artifacts stay current.
  // A cancelled run (`collect --cancel-on-interrupt`) ends the same way: the record is written even though the run is cancelled.
  const stop = async (error: unknown): Promise<never> => {
    const failure = isCancellation(error) ? { type: ERROR_TYPES.cancelled, message: `Run ${runId} was cancelled` } : caught(error);
    const summary = stoppedRun(run(), describeFailure(failure));
    await CancellationScope.nonCancellable(async () => {
      await control.publishRun(summary);
      await control.reviewConnectionHealth(summary);
    });
    throw ApplicationFailure.nonRetryable(summary.error!.message, failure.type);
  };
  try {
    return await collect(input, run, progress, stop);
  } catch (error) {
    if (isCancellation(error)) return stop(error);
    throw error;
  }
}

async function collect(
  input: CollectEvidenceInput,
  run: () => Pick<RunSummary, 'runId' | 'connectionId' | 'startedAt' | 'finishedAt'>,
  progress: CollectionProgress,
  stop: (error: unknown) => Promise<never>,
): Promise<RunSummary> {
  const { runId, startedAt } = run();
  const workflowId = runId;
  let plan: CollectionPlan;
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
    .catch((error: unknown) => {
      if (isCancellation(error)) throw error;
      const diagnosis = describeFailure(caught(error));
      return stopsRun(diagnosis) ? stop(error) : failedSources(planned, diagnosis);
    });
  progress.sources = sources.map(({ name, status, records, requests }) => ({ name, status, records, requests }));
  progress.sourcesDone = sources.length;
  progress.stage = 'building';

  const build = buildProfile(input);
  const builds = artifactsToBuild(plan.artifacts, sources);
  progress.artifactsBuilt = 0;
  progress.artifactsTotal = builds.length;
  const artifacts: ArtifactRef[] = [];
  for (const artifact of builds) {
    const { type, sources: built, window } = artifact;
    artifacts.push(await build.buildArtifact({ connectionId: input.connectionId, runId, type, sources: built, ...(window ? { window } : {}) }));
    progress.artifactsBuilt++;
  }
  const summary = completedRun(run(), plan, sources, artifacts);
  progress.stage = 'publishing';
  await control.publishRun(summary);
  await control.reviewConnectionHealth(summary);
  progress.stage = 'done';
  return summary;
}

collectEvidence satisfies CollectEvidenceWorkflow;

/** The failure an activity ended with: the ApplicationFailure it threw carries the vocabulary's error type. */
function caught(error: unknown): CaughtFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const type = cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
  return { type, message: cause instanceof Error ? cause.message : String(cause) };
}
