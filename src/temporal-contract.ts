import { defineQuery } from '@temporalio/workflow';
import type { RunSummary } from './store/index.js';

/**
 * What the collection workflow, its clients, its schedules and its activities agree on. It imports only the run
 * summary's types, so the workflow bundle, the client and the collector can all load it.
 */
export const COLLECT_WORKFLOW = 'collectEvidence';

export interface CollectEvidenceInput {
  connectionId: string;
  /** How long a collecting or building activity may go without a heartbeat before another worker takes over. */
  heartbeatTimeoutSeconds?: number;
  /** Collect only these catalog sources (their parents are added); all by default. */
  sources?: string[];
  /** Retries of a failing source before the run goes on without it (default 6 attempts, from 2 s doubling to 5 min). */
  sourceRetry?: { maximumAttempts?: number; initialIntervalSeconds?: number };
}

export type CollectEvidenceResult = RunSummary;

/** What a source's request estimate rests on (src/collector/cost-estimate.ts). */
export type EstimateBasis =
  /** Pages read by the previous run. */
  | 'previous-run'
  /** The API's own count of rows (X-Total-Count, Prism /count, a reported total). */
  | 'count'
  /** A per-parent source: the list sizes of some of its parents, taken as typical of the others. */
  | 'sample'
  /** Its own endpoint refuses (denied, not entitled, failing): the one request that learns so. */
  | 'refused'
  /** Its own endpoint refuses and its denied route (catalog `onDenied`) reads the same signal. */
  | 'denied-route'
  /** A per-parent source whose parent has no rows, or cannot be read. */
  | 'nothing-to-read'
  /** Size unknown: one request. */
  | 'minimum';

/** The workflow's signature: workflows/collect-evidence.ts implements it, clients start it by COLLECT_WORKFLOW. */
export type CollectEvidenceWorkflow = (input: CollectEvidenceInput) => Promise<CollectEvidenceResult>;

export interface CollectionProgress {
  stage: 'planning' | 'waiting-for-budget' | 'collecting' | 'building' | 'publishing' | 'done';
  /** While waiting for the next budget window: when collection starts. */
  resumesAt?: string;
  estimatedRequests?: number;
  /** The plan's requests per source, and what each figure rests on (src/collector/cost-estimate.ts). */
  estimate?: { name: string; requests: number; basis: EstimateBasis }[];
  sourcesDone: number;
  sourcesTotal: number;
  /** Artifacts built so far of those the collected sources allow, once collection is done. */
  artifactsBuilt?: number;
  artifactsTotal?: number;
  /** Sources finished so far, with their counts. Pages of running sources are in the store (and heartbeats). */
  sources: Pick<RunSummary['sources'][number], 'name' | 'status' | 'records' | 'requests'>[];
}

/** Readable while a collection runs: `iru-evidence collect` and the web app's run page show it (src/collector/live-progress.ts). */
export const progressQuery = defineQuery<CollectionProgress>('progress');

/** One Temporal Schedule per connection. */
export function scheduleIdFor(connectionName: string): string {
  return `collect-${connectionName}`;
}

/** The id of the workflows a connection's schedule starts (Temporal appends the start time). */
export function scheduledWorkflowId(connectionName: string): string {
  return `collect-${connectionName}`;
}

/** The id of one collection started on demand. The global crypto, not node:crypto: the workflow bundle loads this module. */
export function collectionWorkflowId(connectionName: string): string {
  return `collect-${connectionName.replace(/[^A-Za-z0-9_.-]/g, '_')}-${globalThis.crypto.randomUUID()}`;
}
