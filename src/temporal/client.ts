import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { collectEvidence } from '../../workflows/index.js';
import { COLLECT_WORKFLOW, type CollectEvidenceInput, type CollectEvidenceResult } from '../temporal-contract.js';

export { COLLECT_WORKFLOW, collectionWorkflowId } from '../temporal-contract.js';

/** Starts one collection and waits for its summary. A failed workflow rejects with WorkflowFailedError. */
export async function runCollection(client: Client, taskQueue: string, input: CollectEvidenceInput, workflowId: string): Promise<CollectEvidenceResult> {
  const handle = await client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, { taskQueue, workflowId, args: [input] });
  return handle.result();
}

export { WorkflowFailedError };
