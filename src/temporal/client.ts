import { WorkflowFailedError, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { collectEvidence } from '../../workflows/index.js';
import { COLLECT_WORKFLOW, type CollectEvidenceInput, type CollectEvidenceResult } from '../temporal-contract.js';

export { COLLECT_WORKFLOW, collectionWorkflowId } from '../temporal-contract.js';

/** Starts one collection and waits for its summary. A failed workflow rejects with WorkflowFailedError. */
export async function runCollection(client: Client, taskQueue: string, input: CollectEvidenceInput, workflowId: string): Promise<CollectEvidenceResult> {
  return (await startCollection(client, taskQueue, input, workflowId)).result();
}

/** Starts one collection; its handle gives the summary (`result()`) or cancels it. */
export function startCollection(
  client: Client,
  taskQueue: string,
  input: CollectEvidenceInput,
  workflowId: string,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof collectEvidence>> {
  return client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, { taskQueue, workflowId, args: [input] });
}

export { WorkflowFailedError };
