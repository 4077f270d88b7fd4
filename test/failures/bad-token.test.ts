import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunSummary } from '../../src/store/index.js';
import { failureOf, EXIT_CODES } from '../../src/failures/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectionWorkflowId, runCollection } from '../../src/temporal/client.js';
import { buildWebApp } from '../../src/web/server.js';
import { readZip } from '../exports/helpers/read-zip.js';
import { filesUnder } from '../helpers/files.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';
import { tempStore } from '../helpers/store.js';
import { historyText, temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { spawnCli } from '../security/cli-process.js';
import { needlesIn, tokenNeedles } from '../security/token-needles.js';
import { seedUsers, signIn } from '../web/helpers/web.js';

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
    error = await runCollection(temporal.client, temporal.taskQueue, { connectionId: connection.id }, workflowId).then(
      () => undefined,
      (e: unknown) => e,
    );
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
    const error = await runCollection(
      temporal.client,
      temporal.taskQueue,
      { connectionId: connection.id },
      `${collectionWorkflowId(connection.name)}-bad`,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    const requests = sim.requestLog.length - before;
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(requests).toBeLessThanOrEqual(3);
    console.info(`bad token, later run: ${requests} requests`);
  });
});

describe('a 400 body that echoes the Authorization header', () => {
  it('leaves the token nowhere: collect --json output, logs, workflow history, store files, web pages, exports', { timeout: 240_000 }, async () => {
    const needles = tokenNeedles(GOOD);
    const where = new Map<string, string | Buffer>();
    const outside = mkdtempSync(path.join(tmpdir(), 'iru-echo-'));
    const tokenFile = path.join(outside, 'token.txt');
    writeFileSync(tokenFile, `${GOOD}\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      IRU_EVIDENCE_HOME: storage.dir,
      IRU_EVIDENCE_KEY: storage.key.toString('base64'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: temporal.taskQueue,
      LOG_LEVEL: 'debug',
    };
    delete env.IRU_API_TOKEN;
    const name = `echo-${randomUUID().slice(0, 6)}`;
    sim.inject({ path: '/api/v1/devices', kind: 'status', status: 400, echoAuthorization: true, times: 50 });
    const before = sim.requestLog.length;
    // Through the CLI, as an admin runs it; the run goes to this file's worker (same store, same key).
    const collect = await spawnCli(
      ['collect', `--base-url=${sim.url}`, `--token-file=${tokenFile}`, `--connection=${name}`, '--json', '--no-local-worker'],
      env,
      180_000,
    ).done;
    const echoed = sim.requestLog.slice(before).filter((r) => r.path === '/api/v1/devices').length;
    sim.clearFaults();
    where.set('the output of iru-evidence collect --json', `${collect.stdout}\n${collect.stderr}`);
    const summary = JSON.parse(collect.stdout) as RunSummary;
    expect(echoed, 'requests answered with the echoing 400').toBeGreaterThanOrEqual(1);
    const ECHO = 'is not accepted by this gateway';
    expect(JSON.stringify(summary), 'the echoed body is quoted in the summary').toContain(ECHO);

    const connection = (await storage.store.getConnection(name))!;
    const [run] = await storage.store.listRuns(connection.id, 1);
    where.set('the stored summary', JSON.stringify(run!.summary));
    where.set('the worker logs', logLines.join('\n'));
    where.set('the workflow history', historyText(await temporal.client.workflow.getHandle(run!.id).fetchHistory()));

    // The web app: the run's page and API, the runs list, and the exports an auditor downloads.
    const webLines: string[] = [];
    await seedUsers(storage.store);
    const app = await buildWebApp({
      store: storage.store,
      logger: createLogger({ web: true }, { LOG_LEVEL: 'debug' }, { write: (line: string) => void webLines.push(line) }),
    });
    await app.ready();
    try {
      const admin = await signIn(app, 'alice');
      const runId = encodeURIComponent(run!.id);
      const connectionName = encodeURIComponent(name);
      for (const url of [
        `/runs/${runId}`,
        `/api/v1/runs/${runId}`,
        '/runs',
        '/api/v1/runs?limit=1000',
        '/connections',
        '/api/v1/connections',
        `/api/v1/exports/package.zip?framework=soc2&connection=${connectionName}`,
        `/api/v1/exports/oscal.json?framework=soc2&connection=${connectionName}`,
      ]) {
        const response = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
        expect(response.statusCode, url).toBeLessThan(400);
        where.set(`GET ${url}`, response.rawPayload);
        if (url.includes('package.zip')) for (const [entry, bytes] of await readZip(response.rawPayload)) where.set(`${url} entry ${entry}`, bytes);
      }
      // The echoed body is shown, so these are places where the token would be if it were not removed.
      for (const url of [`/runs/${runId}`, `/api/v1/runs/${runId}`]) expect(String(where.get(`GET ${url}`)), url).toContain(ECHO);
      expect(
        [...where].filter(([k, v]) => k.startsWith('/api/v1/exports/package.zip') && k.includes(' entry runs/') && String(v).includes(ECHO)).length,
        'the package has the run',
      ).toBe(1);
    } finally {
      await app.close();
    }
    where.set('the web app logs', webLines.join('\n'));

    // The CLI's JSON export, and every file the product keeps (the database, its WAL; the token's one copy is encrypted).
    const exported = await spawnCli(['artifacts', 'export', `--connection=${name}`, '--format=json', `--out=${path.join(outside, 'json')}`], env).done;
    expect(exported.code, exported.stderr).toBe(0);
    where.set('the output of iru-evidence artifacts export', `${exported.stdout}\n${exported.stderr}`);
    const files = [...filesUnder(path.join(outside, 'json')), ...filesUnder(storage.dir)];
    expect(files.filter((f) => f.includes(`${path.sep}json${path.sep}`)).length, 'JSON export files').toBeGreaterThanOrEqual(1);
    for (const file of files) where.set(file, readFileSync(file));
    rmSync(outside, { recursive: true, force: true });

    const leaks = [...where].flatMap(([place, content]) => needlesIn(needles, content).map((label) => `${label} in ${place}`));
    console.info(
      `echoed 400: ${echoed} request(s) answered with the token; collect exited ${collect.code} (${summary.status}); scanned ${where.size} ` +
        `places; leaks: ${leaks.length}`,
    );
    expect(leaks, 'places where the token was found').toEqual([]);
    expect(JSON.stringify(summary)).toContain(`Bearer [redacted]`);
  });
});
