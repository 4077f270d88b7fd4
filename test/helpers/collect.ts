import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { RunSummary } from '../../src/collector/run-summary.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { collectionWorkflowId, runCollection } from '../../src/temporal/client.js';
import { readArtifact, type Artifact } from '../../src/evidence/index.js';
import type { CollectEvidenceInput } from '../../workflows/index.js';

/** Saves a connection to the simulator and runs one collection through Temporal. */
export async function collectOnce(
  client: Client,
  taskQueue: string,
  store: EvidenceStore,
  options: { baseUrl: string; token: string; name?: string; workflowId?: string } & Omit<CollectEvidenceInput, 'connectionId'>,
): Promise<{ summary: RunSummary; connectionId: string; workflowId: string }> {
  const connection = await store.saveConnection({ name: options.name ?? `t-${randomUUID().slice(0, 8)}`, baseUrl: options.baseUrl, token: options.token });
  const workflowId = options.workflowId ?? collectionWorkflowId(connection.name);
  const summary = await runCollection(client, taskQueue, { connectionId: connection.id, sources: options.sources, sourceRetry: options.sourceRetry, heartbeatTimeoutSeconds: options.heartbeatTimeoutSeconds }, workflowId);
  return { summary, connectionId: connection.id, workflowId };
}

export async function currentArtifact(store: EvidenceStore, connectionId: string, type: string): Promise<Artifact> {
  const found = (await store.currentArtifacts(connectionId)).find((a) => a.type === type);
  if (!found) throw new Error(`no current ${type} Artifact`);
  return readArtifact(store, found);
}
