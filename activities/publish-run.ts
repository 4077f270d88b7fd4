import type { RunSummary } from '../src/collector/run-summary.js';
import type { ActivityDeps } from './deps.js';

/** Atomically makes the run's Artifacts current (unless it failed) and records its summary. Earlier versions stay. */
export function publishRun(deps: ActivityDeps) {
  return async function publishRun(summary: RunSummary): Promise<void> {
    await deps.store.publishRun(summary.runId, { status: summary.status, finishedAt: summary.finishedAt, summary });
    deps.logger.info({ runId: summary.runId, status: summary.status, artifacts: summary.artifacts.length }, 'run published');
  };
}
