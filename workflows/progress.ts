import { defineQuery } from '@temporalio/workflow';
import type { SourceEstimate } from '../src/collector/cost-estimate.js';
import type { SourceOutcome } from '../src/collector/run-summary.js';

export interface CollectionProgress {
  stage: 'planning' | 'waiting-for-budget' | 'collecting' | 'building' | 'publishing' | 'done';
  /** While waiting for the next budget window: when collection starts. */
  resumesAt?: string;
  estimatedRequests?: number;
  /** The plan's requests per source, and what each figure rests on. */
  estimate?: SourceEstimate[];
  sourcesDone: number;
  sourcesTotal: number;
  /** Artifacts built so far of those the collected sources allow, once collection is done. */
  artifactsBuilt?: number;
  artifactsTotal?: number;
  /** Sources finished so far, with their counts. Pages of running sources are in the store (and heartbeats). */
  sources: Pick<SourceOutcome, 'name' | 'status' | 'records' | 'requests'>[];
}

/** Readable while a collection runs: `iru-evidence collect` and the web app's run page show it (src/collector/live-progress.ts). */
export const progressQuery = defineQuery<CollectionProgress>('progress');
