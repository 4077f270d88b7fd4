import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/collector/run-summary.js';
import { failureOf, EXIT_CODES } from '../../src/failures/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectionWorkflowId, runCollection } from '../../src/temporal/client.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';
import { tempStore } from '../helpers/store.js';
import { historyText, temporalHarness, type TemporalHarness } from '../helpers/temporal.js';

const GOOD = randomUUID();
const logLines: string[] = [];
let temporal: TemporalHarness;
let sim: RunningSimulator;
const storage = tempStore();

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store, logLines });
  sim = await startSimulator({ fleet: { seed: 16, devices: 20, now: FLEET_NOW }, tokens: { [GOOD]: { permissions: 'all' } } });
});

afterAll(async () => {
  await temporal.close();
  await sim.close();
  await storage.cleanup();
});

async function collect(token: string, runs = 1): Promise<{ error: unknown; workflowId: string; connectionId: string }> {
  const connection = await storage.store.saveConnection({ name: `t-${randomUUID().slice(0, 8)}`, baseUrl: sim.url, token });
  let error: unknown;
  let workflowId = '';
  for (let i = 0; i < runs; i++) {
    workflowId = `${collectionWorkflowId(connection.name)}-${i}`;
    error = await runCollection(temporal.client, temporal.taskQueue, { connectionId: connection.id }, workflowId).then(() => undefined, (e: unknown) => e);
  }
  return { error, workflowId, connectionId: connection.id };
}

describe('a bad token', () => {
  it('is found with at most 3 requests: the run fails with one diagnosis, the connection needs attention, exit code 3', async () => {
    const before = sim.requestLog.length;
    const { error, workflowId, connectionId } = await collect(randomUUID());
    const requests = sim.requestLog.length - before;
    expect(requests).toBeLessThanOrEqual(3);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(String((error as WorkflowFailedError).cause?.message)).toMatch(/cannot be told apart/);
    const summary = (await storage.store.getRun(workflowId))!.summary as RunSummary;
    expect(summary).toMatchObject({ status: 'failed', sources: [], error: { code: 'token_rejected' } });
    expect(failureOf(summary.error!.code)!.exitCode).toBe(EXIT_CODES.UNAUTHORIZED);
    const connection = (await storage.store.getConnection(connectionId))!;
    expect(connection.status).toBe('needs_attention');
    expect(connection.statusReason).toContain('401');
    console.info(`bad token, first run: ${requests} requests`);
  });

  it('costs at most 3 requests on a later run too, when the plan asks nothing', async () => {
    const connection = await storage.store.saveConnection({ name: `t-${randomUUID().slice(0, 8)}`, baseUrl: sim.url, token: GOOD });
    await runCollection(temporal.client, temporal.taskQueue, { connectionId: connection.id }, `${collectionWorkflowId(connection.name)}-ok`);
    const bad = randomUUID();
    await storage.store.saveConnection({ name: connection.name, baseUrl: sim.url, token: bad });
    const before = sim.requestLog.length;
    const error = await runCollection(temporal.client, temporal.taskQueue, { connectionId: connection.id }, `${collectionWorkflowId(connection.name)}-bad`).then(() => undefined, (e: unknown) => e);
    const requests = sim.requestLog.length - before;
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(requests).toBeLessThanOrEqual(3);
    console.info(`bad token, later run: ${requests} requests`);
  });
});

describe('a 400 body that echoes the Authorization header', () => {
  it('leaves the token nowhere: summary, logs, workflow history, store files', async () => {
    sim.inject({ path: '/api/v1/devices', kind: 'status', status: 400, echoAuthorization: true, times: 50 });
    const connection = await storage.store.saveConnection({ name: `echo-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: GOOD });
    const workflowId = collectionWorkflowId(connection.name);
    const summary = await runCollection(temporal.client, temporal.taskQueue, { connectionId: connection.id }, workflowId).catch(async () => (await storage.store.getRun(workflowId))!.summary as RunSummary);
    sim.clearFaults();
    const text = JSON.stringify(summary);
    expect(text).toContain('[redacted]');
    const history = historyText(await temporal.client.workflow.getHandle(workflowId).fetchHistory());
    const files = readdirSync(storage.dir).map((f) => readFileSync(path.join(storage.dir, f)).toString('latin1'));
    for (const [sink, content] of [['summary', text], ['logs', logLines.join('\n')], ['history', history], ['store', files.join('\n')]] as const) {
      expect(content, sink).not.toContain(GOOD);
    }
  });
});
