// Schedules that say whether they will fire, and collections that are never doubled: the CLI on the suite's Temporal
// server, with a task queue of the test's own (so that its pollers are the test's workers, or none).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { openStore, type Connection, type EvidenceStore } from '../../src/store/index.js';
import { collectionWorkflowId, startCollection } from '../../src/temporal/client.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';

const TOKEN = randomUUID();
const home = mkdtempSync(path.join(tmpdir(), 'iru-schedule-cli-'));
const env: NodeJS.ProcessEnv = { IRU_EVIDENCE_HOME: home, IRU_EVIDENCE_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent' };
let temporal: TemporalHarness;
let sim: RunningSimulator;
let store: EvidenceStore;
let acme: Connection;

const cli = (...args: string[]) => runCliInProcess(args, env);

/** The connection's collection workflows Temporal knows, running or not. */
async function collectionsOf(name: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of temporal.client.workflow.list({ query: `WorkflowType = 'collectEvidence'` }))
    if (w.workflowId.startsWith(`collect-${name}-`)) ids.push(w.workflowId);
  return ids;
}

beforeAll(async () => {
  temporal = await temporalHarness();
  Object.assign(env, {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    TEMPORAL_TASK_QUEUE: temporal.taskQueue,
  });
  sim = await startSimulator({ fleet: { seed: 5, devices: 40, now: new Date().toISOString() }, tokens: { [TOKEN]: { permissions: 'all' } } });
  store = openStore(env);
  acme = await store.saveConnection({ name: `acme-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: TOKEN });
}, 120_000);

afterAll(async () => {
  for (const id of await collectionsOf(acme.name))
    await temporal.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  await temporal.client.schedule
    .getHandle(`collect-${acme.name}`)
    .delete()
    .catch(() => undefined);
  await temporal.close();
  await sim.close();
  await store.close();
  rmSync(home, { recursive: true, force: true });
});

describe('schedules from the CLI', () => {
  it('say when no worker serves the task queue, how to start one, and when one does', async () => {
    const unserved = await cli('schedule', 'set', '--connection', acme.name);
    expect(unserved.code, unserved.stderr).toBe(0);
    expect(unserved.stdout).toContain(`No worker is serving task queue "${temporal.taskQueue}"`);
    expect(unserved.stdout).toContain('iru-evidence worker');
    expect(JSON.parse((await cli('schedule', 'set', '--connection', acme.name, '--json')).stdout)).toMatchObject({ workerServing: false });

    const worker = await temporal.startWorker({ store });
    try {
      await new Promise((r) => setTimeout(r, 1_500)); // the worker's first poll reaches the server
      const served = JSON.parse((await cli('schedule', 'set', '--connection', acme.name, '--json')).stdout) as { workerServing: boolean };
      expect(served.workerServing).toBe(true);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('status and schedule show name the same next run', async () => {
    const show = JSON.parse((await cli('schedule', 'show', '--connection', acme.name, '--json')).stdout) as { nextRuns: string[] };
    const status = JSON.parse((await cli('status', '--connection', acme.name, '--json')).stdout) as { nextRun: { at: string | null } };
    expect(show.nextRuns[0]).toBeDefined();
    expect(status.nextRun.at).toBe(show.nextRuns[0]);
  }, 60_000);
});

describe('a collection already running for the connection', () => {
  it('is not doubled: a trigger says so, and collect follows it to its end', async () => {
    // No worker yet: the collection waits, running, as one started by a schedule would while workers restart.
    const first = await startCollection(temporal.client, temporal.taskQueue, { connectionId: acme.id }, collectionWorkflowId(acme.name));
    const trigger = await cli('schedule', 'trigger', '--connection', acme.name, '--json');
    expect(trigger.code, trigger.stderr).toBe(0);
    expect(JSON.parse(trigger.stdout)).toEqual({ connection: acme.name, done: 'nothing', running: first.workflowId });

    const collecting = cli('collect', '--connection', acme.name);
    await new Promise((r) => setTimeout(r, 2_000));
    const worker = await temporal.startWorker({ store });
    try {
      const collected = await collecting;
      expect(collected.code, collected.stderr).toBe(0);
      expect(collected.stderr).toContain(`already running (${first.workflowId}): following it instead of starting another`);
      expect(await collectionsOf(acme.name)).toEqual([first.workflowId]);
      expect((await store.getRun(first.workflowId))?.status).toBe('succeeded');
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
