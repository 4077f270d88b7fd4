import { ApplicationFailure } from '@temporalio/activity';
import { ENDPOINTS } from '../src/iru/index.js';
import type { ActivityDeps } from './deps.js';

export interface PlanInput {
  connectionId: string;
  runId: string;
  workflowId: string;
  startedAt: string;
}

export interface CollectionPlan {
  sources: string[];
}

/** Records the run and decides what to read. */
export function planCollection(deps: ActivityDeps) {
  return async function planCollection(input: PlanInput): Promise<CollectionPlan> {
    const connection = await deps.store.getConnection(input.connectionId);
    if (!connection) throw ApplicationFailure.nonRetryable(`No connection with id ${input.connectionId}`, 'CONNECTION_NOT_FOUND');
    await deps.store.startRun({ id: input.runId, connectionId: connection.id, workflowId: input.workflowId, startedAt: input.startedAt });
    return { sources: Object.keys(ENDPOINTS) };
  };
}
