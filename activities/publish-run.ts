import type { RunSummary } from '../src/store/index.js';
import { publicationEvents } from '../src/webhooks/index.js';
import type { ActivityDeps } from './deps.js';

/**
 * Atomically makes the run's Artifacts current (unless it failed) and records its summary. Earlier versions stay; the
 * raw pages of runs older than the retention period go.
 */
export function publishRun(deps: ActivityDeps) {
  return async function publishRun(summary: RunSummary): Promise<void> {
    // The run.completed and artifact.published events go to the outbox in the same transaction: a webhook hears of
    // every publication, whichever process started the run, and nothing is lost if this worker dies right after.
    await deps.store.publishRun(
      summary.runId,
      { status: summary.status, finishedAt: summary.finishedAt, summary },
      publicationEvents(summary, new Date().toISOString()),
    );
    deps.logger.info({ runId: summary.runId, status: summary.status, artifacts: summary.artifacts.length }, 'run published');
    if (deps.rawPageRetentionDays === undefined) return;
    const finishedBefore = new Date(Date.parse(summary.finishedAt) - deps.rawPageRetentionDays * 86_400_000).toISOString();
    const pruned = await deps.store.pruneRawPages(summary.connectionId, finishedBefore, summary.runId);
    if (pruned > 0) deps.logger.info({ connectionId: summary.connectionId, pages: pruned, finishedBefore }, 'raw pages of older runs pruned');
  };
}
