import type { Client } from '@temporalio/client';
import type { AskWorkflow } from '../collector/live-progress.js';
import { progressQuery } from '../temporal-contract.js';

/**
 * Queries a collection's progress. A query needs a worker to answer it; with none polling, Temporal would hold the
 * call until its own deadline, so a short one of ours keeps a live page or progress bar responsive.
 */
export function askWorkflow(client: Client, timeoutMs = 2_000): AskWorkflow {
  return (workflowId) => client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(workflowId).query(progressQuery));
}
