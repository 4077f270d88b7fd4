import { WorkflowFailedError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { RunSummary } from '../store/index.js';
import type { collectEvidence, CollectEvidenceInput } from '../../workflows/index.js';

export const COLLECT_WORKFLOW = 'collectEvidence';

export function collectionWorkflowId(connectionName: string): string {
  return `collect-${connectionName.replace(/[^A-Za-z0-9_.-]/g, '_')}-${randomUUID()}`;
}

/** Starts one collection and waits for its summary. A failed workflow rejects with WorkflowFailedError. */
export async function runCollection(client: Client, taskQueue: string, input: CollectEvidenceInput, workflowId: string): Promise<RunSummary> {
  const handle = await client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, { taskQueue, workflowId, args: [input] });
  return handle.result();
}

export { WorkflowFailedError };
