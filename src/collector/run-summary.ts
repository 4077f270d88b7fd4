import type { RunOutcome, SourceOutcome } from '../store/run-summary.js';

export type {
  ArtifactRef,
  NotEvaluableArtifact,
  RunOutcome,
  RunPlanRecord,
  RunSummary,
  SourceError,
  SourceOutcome,
  SourceStatus,
} from '../store/run-summary.js';

export function runOutcome(sources: SourceOutcome[]): RunOutcome {
  const failed = sources.filter((s) => s.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === sources.length ? 'failed' : 'partial';
}
