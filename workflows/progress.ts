import { defineQuery } from '@temporalio/workflow';
import type { SourceOutcome } from '../src/collector/run-summary.js';

export interface CollectionProgress {
  stage: 'planning' | 'waiting-for-budget' | 'collecting' | 'building' | 'publishing' | 'done';
  /** While waiting for the next budget window: when collection starts. */
  resumesAt?: string;
  estimatedRequests?: number;
  sourcesDone: number;
  sourcesTotal: number;
  /** Sources finished so far, with their counts. Pages of running sources are in the store (and heartbeats). */
  sources: Pick<SourceOutcome, 'name' | 'status' | 'records' | 'requests'>[];
}

/** Readable while a collection runs: `iru-evidence` and the web app show it. */
export const progressQuery = defineQuery<CollectionProgress>('progress');
