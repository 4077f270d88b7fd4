import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary, SourceOutcome } from '../../src/store/index.js';
import { verifyArtifact } from '../../src/evidence/index.js';
import { exportJson } from '../../src/exports/json-export.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectionWorkflowId, runCollection } from '../../src/temporal/client.js';
import { collectOnce, currentArtifact } from '../helpers/collect.js';
import { tempStore } from '../helpers/store.js';
import { historyText, temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const TOKEN = randomUUID();
const DEVICES_ONLY_DENIED = randomUUID();
const logLines: string[] = [];

let temporal: TemporalHarness;
const storage = tempStore();
const simulators: RunningSimulator[] = [];

async function simulator(devices: number, extra: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({
    fleet: { seed: 1000 + devices, devices, now: FLEET_NOW },
    tokens: { [TOKEN]: { permissions: 'all' }, [DEVICES_ONLY_DENIED]: { permissions: ['/api/v1/prism/filevault'] } },
    ...extra,
  });
  simulators.push(sim);
  return sim;
}

/** Page requests to /api/v1/devices, without the planner's count probe (limit=1) of a first run. */
function devicesRequests(sim: RunningSimulator) {
  return sim.requestLog.filter((r) => r.path.replace(/\/$/, '') === '/api/v1/devices' && !/(^|&)limit=1(&|$)/.test(r.query));
}

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store, logLines });
});

afterAll(async () => {
  await temporal.close();
  await Promise.all(simulators.map((s) => s.close()));
  await storage.cleanup();
});

describe('collecting the device inventory through Temporal', () => {
  it.each([0, 1, 299, 300, 301, 601])('collects all %i devices of the generated fleet into one Artifact', async (devices) => {
    const sim = await simulator(devices);
    const { summary, connectionId } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN });
    expect(summary.status).toBe('succeeded');

    const expectedIds = [...sim.fleet.devices()].map((d) => d.id).sort();
    expect(expectedIds).toHaveLength(devices);
    const artifact = await currentArtifact(storage.store, connectionId, 'device-inventory');
    expect(artifact.records.map((r) => (r as { deviceId: string }).deviceId)).toEqual(expectedIds);
    expect(artifact.summary.counts.devices).toBe(devices);
    expect(source(summary, 'devices')).toMatchObject({ status: 'succeeded', records: devices });
    expect(verifyArtifact(artifact)).toEqual({ contentSha256: true, sha256: true });
    expect(artifact.controls.length).toBeGreaterThan(0);

    const floor = Math.max(1, Math.ceil(devices / 300));
    expect(devicesRequests(sim).length).toBeLessThanOrEqual(floor + 1);
    expect(source(summary, 'devices').requests).toBe(devicesRequests(sim).length);
  });

  it('fails the run on a 401, without retrying, with a message that says what to do', async () => {
    const sim = await simulator(10);
    const connection = await storage.store.saveConnection({ name: `bad-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: randomUUID() });
    const workflowId = collectionWorkflowId(connection.name);
    const error = await runCollection(temporal.client, temporal.taskQueue, { connectionId: connection.id }, workflowId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(String((error as WorkflowFailedError).cause?.message)).toMatch(/401 Unauthorized.*invalid, revoked or expired/);
    expect(devicesRequests(sim).length).toBeLessThanOrEqual(1);
    expect(sim.requestLog.length).toBeLessThanOrEqual(3); // a rejected token is proven by 3 endpoints, then nothing more is sent
    const run = await storage.store.getRun(workflowId);
    expect(run?.status).toBe('failed');
    expect(run?.summary).toMatchObject({ status: 'failed', error: { code: 'token_rejected' } });
    expect(JSON.stringify(run?.summary)).toContain('Access > API tokens');
  });

  it('reports a 403 on the devices route as a missing permission, naming it', async () => {
    const sim = await simulator(10);
    const { summary } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: DEVICES_ONLY_DENIED });
    expect(summary.status).toBe('partial');
    expect(source(summary, 'devices').error).toMatchObject({ code: 'permission_denied' });
    expect(source(summary, 'devices').error!.message).toContain('"Device list"');
    expect(source(summary, 'devices').error!.remedy).toContain('Access > API tokens');
    expect(summary.notEvaluable).toContainEqual({ type: 'device-inventory', reason: 'permission_denied', sources: ['devices'] });
    expect(devicesRequests(sim)).toHaveLength(1);
  });

  it('waits out a 429 for its Retry-After and completes', async () => {
    const sim = await simulator(601);
    const name = `limited-${randomUUID().slice(0, 6)}`;
    await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN, name, sources: ['devices'] });
    sim.requestLog.length = 0;
    sim.inject({ path: '/api/v1/devices', kind: 'rate-limit', retryAfterSec: 2, times: 1 });
    const { summary, connectionId } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, {
      baseUrl: sim.url,
      token: TOKEN,
      name,
      sources: ['devices'],
    });
    expect(summary.status).toBe('succeeded');
    expect((await currentArtifact(storage.store, connectionId, 'device-inventory')).records).toHaveLength(601);
    const log = devicesRequests(sim);
    const limited = log.findIndex((r) => r.status === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    const retry = log[limited + 1]!;
    expect(Date.parse(retry.at) - Date.parse(log[limited]!.at)).toBeGreaterThanOrEqual(2_000);
    expect(source(summary, 'devices').rateLimitWaitMs).toBeGreaterThanOrEqual(2_000);
  });

  it('resumes from the last stored page when the worker restarts mid-collection, with the same contentSha256', async () => {
    const devices = 3_000;
    const undisturbedSim = await simulator(devices);
    const undisturbed = await collectOnce(temporal.client, temporal.taskQueue, storage.store, {
      baseUrl: undisturbedSim.url,
      token: TOKEN,
      sources: ['devices'],
    });
    const expected = await currentArtifact(storage.store, undisturbed.connectionId, 'device-inventory');

    const sim = await simulator(devices, { latencyMs: 150 });
    const restartQueue = await import('../helpers/temporal.js').then((m) => m.temporalHarness());
    const first = await restartQueue.startWorker({ store: storage.store });
    const connection = await storage.store.saveConnection({ name: `restart-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: TOKEN });
    const workflowId = collectionWorkflowId(connection.name);
    const result = runCollection(restartQueue.client, restartQueue.taskQueue, { connectionId: connection.id, sources: ['devices'] }, workflowId);
    await waitFor(async () => (await storage.store.sourceProgress(workflowId, 'devices')).pages >= 3, 60_000);
    await first.stop();
    const pagesBeforeRestart = (await storage.store.sourceProgress(workflowId, 'devices')).pages;
    expect(pagesBeforeRestart).toBeLessThan(10);
    await restartQueue.startWorker({ store: storage.store });
    const summary = await result;
    await restartQueue.close();

    expect(summary.status).toBe('succeeded');
    const artifact = await currentArtifact(storage.store, connection.id, 'device-inventory');
    expect(artifact.records).toHaveLength(devices);
    expect(artifact.contentSha256).toBe(expected.contentSha256);
    const firstPageFetches = devicesRequests(sim).filter((r) => /(^|&)offset=0(&|$)/.test(r.query));
    expect(firstPageFetches).toHaveLength(1);
  });

  it('keeps the token out of workflow history, logs and exported Artifacts', async () => {
    const sim = await simulator(301);
    const { connectionId, workflowId } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN });
    const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
    const text = historyText(history);
    expect(text).toContain(connectionId);
    expect(text).not.toContain(TOKEN);

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(TOKEN);

    const out = mkdtempSync(path.join(tmpdir(), 'iru-export-'));
    const manifest = await exportJson(storage.store, await storage.store.currentArtifacts(connectionId), 'x', out);
    expect(manifest.files.map((f) => f.type)).toContain('device-inventory');
    for (const file of readdirSync(out)) expect(readFileSync(path.join(out, file), 'utf8')).not.toContain(TOKEN);
  });
});

function source(summary: RunSummary, name: string): SourceOutcome {
  const found = summary.sources.find((s) => s.name === name);
  if (!found) throw new Error(`no source ${name} in the run summary`);
  return found;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
