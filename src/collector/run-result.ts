import type { EventWindow } from '../evidence/evidence-period.js';
import { canBuildFrom } from '../evidence/permission-denied.js';
import { failureOf } from '../failures/index.js';
import type { CollectionPlan, PlannedArtifact, PlannedSource } from './plan-collection.js';
import type { ArtifactRef, NotEvaluableArtifact, RunOutcome, RunPlanRecord, RunSummary, SourceError, SourceOutcome } from '../store/index.js';
import { sourceErrorOfType } from './source-error.js';

/*
 * The rules that turn a run's plan and source outcomes into its result. Pure and deterministic: the collection workflow
 * (workflows/collect-evidence.ts) runs them in Temporal's sandbox, so nothing here may read the clock, randomness or Node.
 */

/** A failure as the workflow caught it: the failure type Temporal carried (a failure vocabulary error type), if any. */
export interface CaughtFailure {
  type?: string;
  message: string;
}

export function describeFailure(failure: CaughtFailure): SourceError {
  return sourceErrorOfType(failure.type, failure.message);
}

/** A failure that no source can get past (a rejected token): the run stops with it rather than fail each source. */
export function stopsRun(error: SourceError): boolean {
  return failureOf(error.code)?.connection === 'needs_attention';
}

/** The sources of a collection whose activity gave up: the run goes on to build what it can and reports why each failed. */
export function failedSources(planned: PlannedSource[], error: SourceError): SourceOutcome[] {
  return planned.map(({ name }) => ({ name, status: 'failed', records: 0, pages: 0, requests: 0, rateLimitWaitMs: 0, durationMs: 0, error: { ...error } }));
}

/** One Artifact to build, with the outcomes of the sources it is built from (and, for events, its planned window). */
export interface ArtifactBuild {
  type: string;
  sources: SourceOutcome[];
  window?: EventWindow;
}

/**
 * The Artifacts the collected sources allow, in build order: those of sources first, then those about the run itself
 * (built from every source's outcome). A denied source does not stop an Artifact: it is built from the others, its
 * records not evaluable, naming the permission.
 */
export function artifactsToBuild(planned: PlannedArtifact[], sources: SourceOutcome[]): ArtifactBuild[] {
  const outcomes = new Map(sources.map((s) => [s.name, s]));
  const fromSources = planned
    .filter((a) => a.sources.length > 0 && canBuildFrom(a.sources.map((name) => outcomes.get(name)!)))
    .map((a) => ({
      type: a.type,
      sources: [...a.sources, ...(a.optionalSources ?? [])].map((name) => outcomes.get(name)!),
      ...(a.window ? { window: a.window } : {}),
    }));
  const fromRun = planned.filter((a) => a.sources.length === 0).map((a) => ({ type: a.type, sources }));
  return [...fromSources, ...fromRun];
}

/** Artifacts a source of which was not collected: not evaluable, saying why; none when a source is not applicable to the tenant. */
export function notEvaluable(planned: PlannedArtifact[], sources: SourceOutcome[]): NotEvaluableArtifact[] {
  const outcomes = new Map(sources.map((s) => [s.name, s]));
  return planned.flatMap(({ type, sources: names }) => {
    const missing = names.map((name) => outcomes.get(name)!).filter((o) => o.status !== 'succeeded');
    if (missing.length === 0 || missing.some((o) => o.status === 'not_applicable')) return [];
    const denied = missing.some((o) => failureOf(o.error?.code)?.kind === 'permission');
    return [{ type, reason: denied ? 'permission_denied' : 'transient', sources: missing.map((o) => o.name) } satisfies NotEvaluableArtifact];
  });
}

/** What the run summary keeps of its plan. */
export function planRecord(plan: CollectionPlan): RunPlanRecord {
  return {
    estimatedRequests: plan.estimate.requests,
    probeRequests: plan.estimate.probeRequests,
    budgetLeft: plan.budgetLeft,
    waitedMs: plan.waitMs,
    windowEndSource: plan.windowEndSource,
    sources: plan.estimate.sources,
  };
}

export interface RunIdentity {
  runId: string;
  connectionId: string;
  startedAt: string;
  finishedAt: string;
}

/** A run that collected its sources: its status is theirs, and the Artifacts their outcomes did not allow are listed as not evaluable. */
export function completedRun(run: RunIdentity, plan: CollectionPlan, sources: SourceOutcome[], artifacts: ArtifactRef[]): RunSummary {
  const { runId, connectionId, startedAt, finishedAt } = run;
  return {
    runId,
    connectionId,
    status: runOutcome(sources),
    startedAt,
    finishedAt,
    sources,
    artifacts,
    notEvaluable: notEvaluable(plan.artifacts, sources),
    error: null,
    plan: planRecord(plan),
  };
}

/** A run that stopped before its sources were in: failed with its one diagnosis, nothing collected or built. */
export function stoppedRun(run: RunIdentity, error: SourceError): RunSummary {
  const { runId, connectionId, startedAt, finishedAt } = run;
  return { runId, connectionId, status: 'failed', startedAt, finishedAt, sources: [], artifacts: [], notEvaluable: [], error };
}

/** A run with no failed source succeeded; with every source failed it failed; anything between is partial. */
export function runOutcome(sources: SourceOutcome[]): RunOutcome {
  const failed = sources.filter((s) => s.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === sources.length ? 'failed' : 'partial';
}
