import type { EvidenceStore, RunStatus, SourcePageCount } from '../store/index.js';
import type { CollectionProgress } from '../temporal-contract.js';

/** Asks a running collection's workflow what it is doing; undefined when it cannot say (no Temporal, no worker). */
export type AskWorkflow = (workflowId: string) => Promise<CollectionProgress | undefined>;

/** A run as it stands: the workflow's stage, when it can be asked, and the pages stored so far, which always can. */
export interface LiveProgress {
  runId: string;
  status: RunStatus;
  /** What the workflow is doing; absent when it could not be asked. */
  stage?: CollectionProgress['stage'];
  /** While waiting for the next hourly budget window: when collection starts. */
  resumesAt?: string;
  startedAt: string;
  elapsedMs: number;
  /**
   * Pages stored (one successful request each) against the plan's estimate, once planned: per source the larger of its
   * estimate and its pages so far. `atLeast` when some source's size was unknown at planning (a first run without counts).
   */
  requests: { fetched: number; estimated?: number; atLeast?: boolean };
  rows: number;
  artifacts?: { built: number; total: number };
  sources: SourcePageCount[];
}

export async function liveProgress(store: EvidenceStore, runId: string, options: { ask?: AskWorkflow; now?: Date } = {}): Promise<LiveProgress | undefined> {
  const run = await store.getRun(runId);
  if (!run) return undefined;
  const [sources, workflow] = await Promise.all([
    store.pageCounts(runId),
    run.status === 'running' && options.ask ? options.ask(run.workflowId).catch(() => undefined) : undefined,
  ]);
  const endedAt = run.finishedAt ? Date.parse(run.finishedAt) : (options.now ?? new Date()).getTime();
  return {
    runId,
    status: run.status,
    stage: run.status === 'running' ? workflow?.stage : 'done',
    resumesAt: workflow?.resumesAt,
    startedAt: run.startedAt,
    elapsedMs: Math.max(0, endedAt - Date.parse(run.startedAt)),
    requests: { fetched: sum(sources, 'pages'), ...estimatedRequests(workflow, sources) },
    rows: sum(sources, 'rows'),
    artifacts: workflow?.artifactsTotal ? { built: workflow.artifactsBuilt ?? 0, total: workflow.artifactsTotal } : undefined,
    sources,
  };
}

function estimatedRequests(workflow: CollectionProgress | undefined, sources: SourcePageCount[]): Pick<LiveProgress['requests'], 'estimated' | 'atLeast'> {
  if (!workflow?.estimate) return {};
  const pages = new Map(sources.map((s) => [s.source, s.pages]));
  return {
    estimated: workflow.estimate.reduce((total, s) => total + Math.max(s.requests, pages.get(s.name) ?? 0), 0),
    atLeast: workflow.estimate.some((s) => s.basis === 'minimum'),
  };
}

/** How the estimate reads: "of about 240", or "of at least 231" when some source's size was unknown. */
export function estimateText(progress: LiveProgress): string {
  const { estimated, atLeast } = progress.requests;
  return estimated === undefined ? '' : ` of ${atLeast ? 'at least' : 'about'} ${formatCount(estimated)}`;
}

/** The share of the planned requests made, 0 to 1, while collecting; undefined without an estimate. */
export function collectedFraction(progress: LiveProgress): number | undefined {
  const { fetched, estimated } = progress.requests;
  if (progress.stage !== 'collecting' || !estimated) return undefined;
  // Probes and retries are requests the stored pages do not count, and the estimate may be low: never show 100% early.
  return Math.min(fetched / estimated, 0.99);
}

/** What the run is doing, for people: "collecting", "building Artifacts 3/16", … */
export function stageLabel(progress: LiveProgress): string {
  switch (progress.stage) {
    case 'waiting-for-budget':
      return `waiting for the next hourly API budget window${progress.resumesAt ? ` (until ${progress.resumesAt.slice(11, 19)} UTC)` : ''}`;
    case 'building':
      return `building Artifacts${progress.artifacts ? ` ${progress.artifacts.built}/${progress.artifacts.total}` : ''}`;
    case 'done':
      return progress.status === 'running' ? 'finishing' : progress.status;
    case undefined:
      return 'collecting';
    default:
      return progress.stage;
  }
}

/** For people: what a source's `gone` count (run summary) means. */
export function goneNote(gone: number): string {
  return `${formatCount(gone)} ${gone === 1 ? 'item' : 'items'} of its parent list deleted during the collection (Iru answered 404 when read): left out`;
}

/** 12,345: counts for people, the same on every machine. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The noun for a count: 1 request, 2 requests. */
export function nounFor(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** A count with its noun: "1 request", "12,345 rows". */
export function counted(n: number, singular: string, plural?: string): string {
  return `${formatCount(n)} ${nounFor(n, singular, plural)}`;
}

function sum(sources: SourcePageCount[], key: 'pages' | 'rows'): number {
  return sources.reduce((total, source) => total + source[key], 0);
}
