import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll } from 'vitest';
import type { EvidenceStore, RunSummary } from '../../src/store/index.js';
import { collectionWorkflowId, runCollection } from '../../src/temporal/client.js';
import { readArtifact, type Artifact } from '../../src/evidence/index.js';
import { startSimulator, type FleetSpec, type RunningSimulator } from '../../src/simulator/index.js';
import type { CollectEvidenceInput } from '../../src/temporal-contract.js';
import { tempStore } from './store.js';
import { temporalHarness, type TemporalHarness } from './temporal.js';

/** Saves a connection to the simulator and runs one collection through Temporal. */
export async function collectOnce(
  client: Client,
  taskQueue: string,
  store: EvidenceStore,
  options: { baseUrl: string; token: string; name?: string; workflowId?: string } & Omit<CollectEvidenceInput, 'connectionId'>,
): Promise<{ summary: RunSummary; connectionId: string; workflowId: string }> {
  const connection = await store.saveConnection({ name: options.name ?? `t-${randomUUID().slice(0, 8)}`, baseUrl: options.baseUrl, token: options.token });
  const workflowId = options.workflowId ?? collectionWorkflowId(connection.name);
  const summary = await runCollection(
    client,
    taskQueue,
    { connectionId: connection.id, sources: options.sources, sourceRetry: options.sourceRetry, heartbeatTimeoutSeconds: options.heartbeatTimeoutSeconds },
    workflowId,
  );
  return { summary, connectionId: connection.id, workflowId };
}

export async function currentArtifact(store: EvidenceStore, connectionId: string, type: string): Promise<Artifact> {
  const found = (await store.currentArtifacts(connectionId)).find((a) => a.type === type);
  if (!found) throw new Error(`no current ${type} Artifact`);
  return readArtifact(store, found);
}

/** A worker on the shared dev server, a fresh store and a simulated tenant whose token may read everything, for one test file. */
export function simulatedTenant(fleet: FleetSpec): { token: string; temporal: () => TemporalHarness; sim: () => RunningSimulator; store: EvidenceStore } {
  const token = randomUUID();
  const storage = tempStore();
  let temporal: TemporalHarness | undefined;
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    temporal = await temporalHarness();
    await temporal.startWorker({ store: storage.store });
    sim = await startSimulator({ fleet, tokens: { [token]: { permissions: 'all' } } });
  });
  afterAll(async () => {
    await temporal?.close();
    await sim?.close();
    await storage.cleanup();
  });
  return { token, temporal: () => temporal!, sim: () => sim!, store: storage.store };
}
