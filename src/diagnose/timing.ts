/**
 * Collection timing for one connection, from the store: the last run and its outcome, the last successful sync,
 * time per source and spent waiting on rate limits, the next scheduled run (from a provider: Temporal Schedules plug
 * in there), and each Artifact's freshness with a plain reason when data is not visible yet.
 */
import type { Connection, EvidenceStore, RunRecord, RunStatus, RunSummary, SourceError, SourceStatus } from '../store/index.js';
import { ARTIFACT_DEFINITIONS, type ArtifactDefinition } from '../evidence/index.js';
import { freshnessOf, type Freshness } from './freshness.js';

/** When the next collection of a connection is scheduled; null when none is. */
export type NextRunProvider = (connection: Connection) => Promise<Date | string | null | undefined> | Date | string | null | undefined;

export interface RunTiming {
  runId: string;
  status: Exclude<RunStatus, 'running'>;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: SourceError | null;
}

export interface SourceTiming {
  name: string;
  status: SourceStatus;
  records: number;
  requests: number;
  durationMs: number;
  rateLimitWaitMs: number;
  error: SourceError | null;
}

export interface ArtifactFreshness {
  type: string;
  id: string;
  runId: string;
  collectedAt: string;
  expiresAt: string;
  dueAt: string;
  freshness: Freshness;
  reason: string;
}

export interface PendingArtifact {
  type: string;
  title: string;
  reason: string;
}

export interface ConnectionTiming {
  generatedAt: string;
  connection: Pick<Connection, 'id' | 'name' | 'baseUrl' | 'status' | 'statusReason' | 'freshnessHours'>;
  /** The last finished run. */
  lastRun: RunTiming | null;
  /** The last run that succeeded in full. */
  lastSuccessfulSync: RunTiming | null;
  /** A run in progress, if any. */
  running: { runId: string; startedAt: string } | null;
  /** Per source, from the last finished run. */
  sources: SourceTiming[];
  /** Time the last finished run spent waiting on rate limits (429 Retry-After pauses). */
  rateLimitWaitMs: number;
  nextRun: { at: string | null; message: string };
  /** Current Artifacts with their freshness. */
  artifacts: ArtifactFreshness[];
  /** Artifact types with no current version yet, and why. */
  pending: PendingArtifact[];
}

export interface TimingOptions {
  nextRunAt?: NextRunProvider;
  now?: Date;
  definitions?: readonly ArtifactDefinition[];
}

export async function connectionTiming(store: EvidenceStore, connection: Connection, options: TimingOptions = {}): Promise<ConnectionTiming> {
  const now = options.now ?? new Date();
  const runs = await store.listRuns(connection.id, 50);
  const finished = runs.filter((r) => r.status !== 'running');
  const lastRun = finished[0];
  const summary = summaryOf(lastRun);
  const running = runs.find((r) => r.status === 'running' && !finished.some((f) => f.startedAt > r.startedAt));
  const next = await options.nextRunAt?.(connection);
  const nextAt = next ? new Date(next).toISOString() : null;
  const when = nextAt
    ? `at the next scheduled collection, at ${nextAt}`
    : `after the next collection, and none is scheduled: run \`iru-evidence collect --connection ${connection.name}\``;
  const context: ReasonContext = { refresh: `refreshes ${when}`, appear: `appears ${when}`, nextAt, lastRun: lastRun && runTiming(lastRun), summary, running };

  const current = await store.currentArtifacts(connection.id);
  const artifacts = current.map((stored) => {
    const envelope = JSON.parse(stored.envelope) as { collectedAt: string; expiresAt: string };
    const { freshness, dueAt } = freshnessOf(envelope.collectedAt, envelope.expiresAt, now);
    const base = { type: stored.type, id: stored.id, runId: stored.runId, collectedAt: envelope.collectedAt, expiresAt: envelope.expiresAt, dueAt, freshness };
    return { ...base, reason: freshnessReason(base, context) };
  });
  const visible = new Set(current.map((a) => a.type));
  const pending = (options.definitions ?? ARTIFACT_DEFINITIONS)
    .filter((d) => !visible.has(d.type))
    .map((d) => ({ type: d.type, title: d.title, reason: pendingReason(d, context) }));

  const sources = (summary?.sources ?? []).map(({ name, status, records, requests, durationMs, rateLimitWaitMs, error }) => ({
    name,
    status,
    records,
    requests,
    durationMs,
    rateLimitWaitMs,
    error,
  }));
  const lastSuccess = finished.find((r) => r.status === 'succeeded');
  return {
    generatedAt: now.toISOString(),
    connection: {
      id: connection.id,
      name: connection.name,
      baseUrl: connection.baseUrl,
      status: connection.status,
      statusReason: connection.statusReason,
      freshnessHours: connection.freshnessHours,
    },
    lastRun: context.lastRun ?? null,
    lastSuccessfulSync: lastSuccess ? runTiming(lastSuccess) : null,
    running: running ? { runId: running.id, startedAt: running.startedAt } : null,
    sources,
    rateLimitWaitMs: sources.reduce((sum, s) => sum + s.rateLimitWaitMs, 0),
    nextRun: { at: nextAt, message: nextAt ? `The next collection is scheduled at ${nextAt}` : `No collection is scheduled for ${connection.name}` },
    artifacts,
    pending,
  };
}

interface ReasonContext {
  /** "refreshes at the next scheduled collection, at ...", or how to collect when none is scheduled. */
  refresh: string;
  /** The same, for an Artifact not visible yet. */
  appear: string;
  nextAt: string | null;
  lastRun: RunTiming | undefined;
  summary: RunSummary | undefined;
  running: RunRecord | undefined;
}

function freshnessReason(a: Omit<ArtifactFreshness, 'reason'>, c: ReasonContext): string {
  const gap =
    c.nextAt && c.nextAt > a.expiresAt && a.freshness !== 'stale'
      ? `; the next scheduled collection comes after that, so it will be stale from ${a.expiresAt} until ${c.nextAt}`
      : '';
  if (a.freshness === 'fresh') return `Fresh until ${a.dueAt}; expires at ${a.expiresAt}${gap}`;
  if (a.freshness === 'due') return `Due: expires at ${a.expiresAt}; it ${c.refresh}${gap}`;
  const failedSince =
    c.lastRun && c.lastRun.startedAt > a.collectedAt && c.lastRun.status !== 'succeeded'
      ? `; the last collection (${c.lastRun.status}) did not replace it${c.lastRun.error ? `: ${c.lastRun.error.message}` : ''}`
      : '';
  return `Stale: expired at ${a.expiresAt}${failedSince}; it ${c.refresh}`;
}

function pendingReason(definition: ArtifactDefinition, c: ReasonContext): string {
  if (c.running) return `Not visible yet: a collection is running (started ${c.running.startedAt}); it appears when that run is published`;
  if (!c.lastRun) return `Not collected yet: it ${c.appear}`;
  const gap = c.summary?.notEvaluable.find((n) => n.type === definition.type);
  if (gap?.reason === 'permission_denied') {
    return `Not evaluable: the API token lacks the GET permission for ${gap.sources.join(', ')} (see \`iru-evidence diagnose\`); once granted, it ${c.appear}`;
  }
  if (gap) return `Not evaluable in the last collection (${gap.reason}: ${gap.sources.join(', ')}); it ${c.appear}`;
  const notApplicable = c.summary?.sources.find((s) => definition.sources.some((name) => name === s.name) && s.status === 'not_applicable');
  if (notApplicable) return `Not applicable: ${notApplicable.error?.message ?? `${notApplicable.name} does not apply to this tenant`}`;
  if (c.lastRun.status === 'failed') return `The last collection failed${c.lastRun.error ? ` (${c.lastRun.error.message})` : ''}; it ${c.appear}`;
  return `Not built by the last collection; it ${c.appear}`;
}

function runTiming(run: RunRecord): RunTiming {
  const summary = summaryOf(run);
  return {
    runId: run.id,
    status: run.status as RunTiming['status'],
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    error: summary?.error ?? null,
  };
}

function summaryOf(run: RunRecord | undefined): RunSummary | undefined {
  return run?.summary ?? undefined;
}
