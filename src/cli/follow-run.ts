import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { RunSummary } from '../store/index.js';
import { WorkflowFailedError } from '../temporal/client.js';
import { askWorkflow } from '../temporal/workflow-progress.js';
import { CliError, EXIT } from './exit-codes.js';
import { watchProgress } from './output/progress.js';
import type { Runtime } from './runtime.js';
import type { InterruptWatch } from './signals.js';

/** How long a cancelled run gets to record itself before the command exits anyway. */
const CANCEL_WAIT_MS = 20_000;

/**
 * Waits for a started run with a progress bar on a terminal: its summary (a failed run's too, from the store), or
 * undefined after Ctrl-C, said in one line: the run goes on in Temporal, or with `cancelOnInterrupt` it is cancelled.
 */
export async function followRun(
  rt: Runtime,
  client: Client,
  handle: WorkflowHandle,
  interrupt: InterruptWatch,
  options: { json?: boolean; cancelOnInterrupt?: boolean },
): Promise<RunSummary | undefined> {
  const runId = handle.workflowId;
  const stopProgress = options.json ? () => {} : watchProgress(rt.store, runId, askWorkflow(client));
  // Aborted before the command closes its connection: a wait left pending would be retried on the closed channel.
  const polling = new AbortController();
  const result = client
    .withAbortSignal(polling.signal, () => handle.result() as Promise<RunSummary>)
    .then(
      (summary) => ({ summary }),
      (error: unknown) => ({ error }),
    );
  const outcome = await Promise.race([result, interrupt.signal.then(() => 'interrupted' as const)]);
  stopProgress();
  if (outcome === 'interrupted') {
    if (!options.cancelOnInterrupt) {
      polling.abort();
      process.stderr.write(
        `Interrupted: run ${runId} goes on in Temporal and resumes when a worker runs (\`iru-evidence worker\` or \`iru-evidence dev\`); ` +
          'to stop a run on Ctrl-C instead, collect with --cancel-on-interrupt\n',
      );
      return undefined;
    }
    await handle.cancel();
    const waited = new AbortController();
    const ended = await Promise.race([result, sleep(CANCEL_WAIT_MS, undefined, { signal: waited.signal }).catch(() => undefined)]);
    waited.abort();
    polling.abort();
    process.stderr.write(
      ended
        ? `Interrupted: run ${runId} was cancelled; nothing was published, the earlier Artifacts stay current\n`
        : `Interrupted: run ${runId} is being cancelled; it stops when a worker next runs, and nothing is published\n`,
    );
    return undefined;
  }
  if ('summary' in outcome) return outcome.summary;
  if (!(outcome.error instanceof WorkflowFailedError)) throw outcome.error;
  const run = await rt.store.getRun(runId);
  if (!run?.summary) throw new CliError(`The collection failed: ${outcome.error.cause?.message ?? outcome.error.message}`, EXIT.RUN_FAILED);
  return run.summary;
}
