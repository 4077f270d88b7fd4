// Secret hygiene: one known API token goes through everything: the CLI (connect, diagnose, collect, schedule,
// exports, failing commands) as child processes, worker processes (one killed -9 mid-run), an in-process worker under
// API faults and a revoked token, the web app (browsing, downloads, the connection wizard). Then the token, in any
// common encoding, must appear nowhere: Temporal histories, memos and search attributes of every workflow of the
// test's task queues and their schedules, captured logs and output, the store's raw bytes (db, -wal, -shm: its one
// copy is encrypted), Artifacts, exports (json/csv/zip/oscal, zip entries unpacked), error messages, and the argv
// (and environment) of every process on the machine while the test ran. And the tenant saw only GETs, never /secrets/.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { diagnoseConnection } from '../../src/diagnose/index.js';
import { readArtifactDocument } from '../../src/evidence/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import { scheduleIdFor } from '../../src/temporal/schedules.js';
import { buildWebApp } from '../../src/web/server.js';
import { readZip } from '../exports/helpers/read-zip.js';
import { FAULT_SOURCES, settle, startRun, waitFor } from '../faults/harness.js';
import { spawnWorker, type WorkerProcess } from '../helpers/spawn-worker.js';
import { historyText, temporalHarness, workflowBundle, type TemporalHarness } from '../helpers/temporal.js';
import { seedUsers, signIn } from '../web/helpers/web.js';
import { filesUnder } from '../helpers/files.js';
import { spawnCli, type CliResult } from './cli-process.js';
import { needlesIn, tokenNeedles } from './token-needles.js';

const TOKEN = randomUUID();
const NEEDLES = tokenNeedles(TOKEN);
const leaks: string[] = [];
const scanned = new Map<string, number>();

/** The encodings of the token found in `data`. */
function found(data: string | Buffer): string[] {
  return needlesIn(NEEDLES, data);
}

/** Looks for the token in `data`; every hit is a leak, named by where it was found. */
function scan(kind: string, where: string, data: string | Buffer): void {
  scanned.set(kind, (scanned.get(kind) ?? 0) + 1);
  for (const label of found(data)) leaks.push(`${label} in ${where}`);
}

const home = mkdtempSync(path.join(tmpdir(), 'iru-hygiene-'));
const exportsDir = path.join(home, 'exports');
const key = randomBytes(32);
const dbFile = path.join(home, 'evidence.sqlite');
const store = new SqliteStore(dbFile, new TokenCipher(key));
const tokenFile = path.join(home, 'token.txt');
const queue = `hygiene-cli-${randomUUID()}`;
const suffix = randomUUID().slice(0, 8);
const name = `hyg-${suffix}`;
const simulators: RunningSimulator[] = [];
const childPids = new Set<number>();
const logs: { where: string; text: () => string }[] = [];
let client: Client;
let harness: TemporalHarness;
let sampler: NodeJS.Timeout | undefined;
let workers: WorkerProcess[] = [];
let sim: RunningSimulator;
let bundleFile: string;

/** Every process's argv (and our children's environment), sampled while the test runs. */
function sampleProcesses(): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      scan('process argv', `the argv of process ${entry}`, readFileSync(`/proc/${entry}/cmdline`));
      if (childPids.has(Number(entry))) scan('child environment', `the environment of child process ${entry}`, readFileSync(`/proc/${entry}/environ`));
    } catch {
      // gone, or not ours to read
    }
  }
}

const childEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IRU_EVIDENCE_HOME: home,
    IRU_EVIDENCE_KEY: key.toString('base64'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: queue,
    LOG_LEVEL: 'debug',
  };
  delete env.IRU_API_TOKEN;
  return env;
};

/** `iru-evidence ...args` as a child process (from the sources), its output kept for the scan. */
function cli(args: string[], timeoutMs = 90_000): Promise<CliResult> {
  const run = spawnCli(args, childEnv(), timeoutMs);
  childPids.add(run.child.pid!);
  logs.push({ where: `the output of iru-evidence ${args.join(' ')}`, text: run.output });
  return run.done;
}

async function worker(label: string): Promise<WorkerProcess> {
  let text = '';
  const w = await spawnWorker({
    address: inject('temporalAddress'),
    taskQueue: queue,
    storeFile: dbFile,
    storeKey: key.toString('base64'),
    budget: { perSecond: 200, maxConcurrent: 4 },
    workflowBundleFile: bundleFile,
    logLevel: 'debug',
    onStderr: (chunk) => (text += chunk),
  });
  childPids.add(w.child.pid!);
  logs.push({ where: `the logs of worker process ${label}`, text: () => text });
  workers.push(w);
  return w;
}

beforeAll(async () => {
  writeFileSync(tokenFile, `${TOKEN}\n`);
  bundleFile = path.join(home, 'workflows.js');
  writeFileSync(bundleFile, (await workflowBundle()).code);
  sampler = setInterval(sampleProcesses, 150);
  sim = await startSimulator({
    fleet: { seed: 83, devices: 150, edr: true, vulnerabilityManagement: true },
    tokens: { [TOKEN]: { permissions: 'all' } },
    latencyMs: 5,
  });
  simulators.push(sim);
  client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }), namespace: 'default' });
  harness = await temporalHarness();
  const lines: string[] = [];
  logs.push({ where: 'the logs of the in-process worker', text: () => lines.join('\n') });
  await harness.startWorker({ store, logLines: lines, budget: { perSecond: 200, maxConcurrent: 4 }, requestTimeoutMs: 1_000 });
}, 120_000);

afterAll(async () => {
  if (sampler) clearInterval(sampler);
  console.log(`[security:secret-hygiene] secret leaks found: ${leaks.length}; scanned ${[...scanned].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  await Promise.all(workers.map((w) => w.stop()));
  await harness?.close();
  await Promise.allSettled([...(await scheduleIds()).map((id) => client.schedule.getHandle(id).delete())]);
  await client?.connection.close();
  await Promise.all(simulators.map((s) => s.close()));
  await store.close();
  rmSync(home, { recursive: true, force: true });
});

async function scheduleIds(): Promise<string[]> {
  return (await store.listConnections()).map((c) => scheduleIdFor(c.name));
}

describe('one API token through every part of the product', () => {
  it('the scanner finds the token in every encoding it looks for (a leak would not go unseen)', () => {
    expect(found(`x${TOKEN}y`)).toContain('the token');
    expect(found(JSON.stringify({ authorization: `Bearer ${TOKEN.toUpperCase()}` }))).toContain('the token in upper case');
    expect(found(Buffer.from(TOKEN, 'utf16le'))).toContain('the token in UTF-16');
    expect(found(Buffer.from(TOKEN).toString('base64'))).toContain('the token in base64');
    expect(found(`...${TOKEN.slice(-12)}`)).toContain('the tail of the token');
    expect(found(randomUUID())).toEqual([]);
  });

  it('CLI: connect, diagnose, collect, schedule, export, and commands that fail', { timeout: 300_000 }, async () => {
    await worker('W1');
    const revoked = await startSimulator({ fleet: { seed: 84, devices: 20 }, tokens: { [TOKEN]: { permissions: 'all', revoked: true } } });
    simulators.push(revoked);
    const [connect, diagnose, refused, rejected] = await Promise.all([
      cli(['connect', `--base-url=${sim.url}`, `--token-file=${tokenFile}`, `--name=${name}`]),
      cli(['diagnose', `--base-url=${sim.url}`, `--token-file=${tokenFile}`, '--json']),
      cli(['connect', '--base-url=http://127.0.0.1:1', `--token-file=${tokenFile}`, `--name=${name}-down`]),
      cli(['diagnose', `--base-url=${revoked.url}`, `--token-file=${tokenFile}`]),
    ]);
    expect(connect.code, `${connect.stdout}\n${connect.stderr}`.slice(-3000)).toBe(0);
    expect(connect.stdout).toMatch(/Saved connection/);
    expect(diagnose.code, diagnose.stderr).toBe(0);
    expect(JSON.parse(diagnose.stdout).verdict).toBe('healthy');
    expect(refused.code).toBe(1);
    expect(rejected.code).toBe(3);

    const collect = await cli(['collect', `--connection=${name}`, '--json', '--no-local-worker']);
    expect(collect.code, collect.stderr).toBe(0);
    expect(JSON.parse(collect.stdout).status).toBe('succeeded');

    const trigger = await cli(['schedule', 'trigger', `--connection=${name}`]);
    expect(trigger.code, trigger.stderr).toBe(0);
    const connection = (await store.getConnection(name))!;
    await waitFor(async () => (await store.listRuns(connection.id, 10)).filter((r) => r.status !== 'running').length >= 2, 120_000, 'the scheduled run');

    const exports = await Promise.all(
      (['json', 'csv', 'zip', 'oscal'] as const).map((format) =>
        cli([
          'artifacts',
          'export',
          `--connection=${name}`,
          `--format=${format}`,
          `--out=${path.join(exportsDir, format)}`,
          ...(format === 'zip' || format === 'oscal' ? ['--framework=soc2'] : []),
        ]),
      ),
    );
    for (const result of exports) expect(result.code, result.stderr).toBe(0);
  });

  it.concurrent('workers: a run on a worker process killed -9 mid-run, finished by another', { timeout: 180_000 }, async () => {
    const connection = (await store.getConnection(name))!;
    const run = await startRun(client, queue, connection, {
      sources: FAULT_SOURCES,
      heartbeatTimeoutSeconds: 3,
      sourceRetry: { maximumAttempts: 6, initialIntervalSeconds: 1 },
    });
    const pages = async () => (await Promise.all(FAULT_SOURCES.map((s) => store.sourceProgress(run.workflowId, s)))).reduce((sum, p) => sum + p.pages, 0);
    await waitFor(async () => (await pages()) >= 2, 60_000, 'two stored pages');
    await workers[0]!.kill9();
    await worker('W2');
    expect(await settle(run, 120_000)).toBe('completed');
  });

  it.concurrent('an in-process worker under API faults and with a revoked token', { timeout: 180_000 }, async () => {
    const faulty = await startSimulator({ fleet: { seed: 85, devices: 300 }, tokens: { [TOKEN]: { permissions: 'all' } } });
    simulators.push(faulty);
    faulty.inject({ path: /^\/api\/v1\/prism\/filevault$/, kind: 'status', status: 502, times: 10_000 });
    faulty.inject({ path: /\/list-library-items$/, kind: 'malformed-json', times: 10_000 });
    faulty.inject({ path: /^\/api\/v1\/devices$/, kind: 'slow', delayMs: 1_500, times: 1 });
    const revoked = await startSimulator({ fleet: { seed: 86, devices: 20 }, tokens: { [TOKEN]: { permissions: 'all', revoked: true } } });
    simulators.push(revoked);
    const runs = await Promise.all(
      [faulty, revoked].map(async (s, i) => {
        const connection = await store.saveConnection({ name: `hyg-fault${i}-${suffix}`, baseUrl: s.url, token: TOKEN });
        return startRun(harness.client, harness.taskQueue, connection, {
          sources: FAULT_SOURCES,
          heartbeatTimeoutSeconds: 5,
          sourceRetry: { maximumAttempts: 2, initialIntervalSeconds: 1 },
        });
      }),
    );
    const outcomes = await Promise.all(runs.map((r) => settle(r, 120_000)));
    expect(outcomes).toEqual(['completed', 'failed']);
    const failure = await runs[1]!.handle.result().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const messages: string[] = [];
    for (let e: unknown = failure; e instanceof Error; e = e.cause) messages.push(`${e.name}: ${e.message}\n${e.stack ?? ''}`);
    scan('error messages', "the revoked run's workflow failure and its causes", messages.join('\n'));
    for (const r of runs) scan('error messages', `the summary of ${r.workflowId}`, JSON.stringify((await store.getRun(r.workflowId))?.summary));
    expect(JSON.stringify((await store.getRun(runs[0]!.workflowId))?.summary)).toMatch(/502 \(server error\)/);
  });

  it('the web app: browsing, downloads and the connection wizard', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    logs.push({ where: 'the web app logs', text: () => lines.join('\n') });
    await seedUsers(store);
    const app: FastifyInstance = await buildWebApp({
      store,
      logger: createLogger({ web: true }, { LOG_LEVEL: 'debug' }, { write: (line: string) => void lines.push(line) }),
      // The wizard resolves a region and app segment to the real Iru hosts: its diagnosis is pointed at the simulator.
      diagnose: (target) => diagnoseConnection({ ...target, baseUrl: new URL(sim.url) }),
    });
    await app.ready();
    try {
      const admin = await signIn(app, 'alice');
      const get = async (url: string) => {
        const response = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
        scan('web responses', `GET ${url}`, response.rawPayload);
        if (url.endsWith('.zip') || url.includes('package.zip'))
          for (const [entry, bytes] of await readZip(response.rawPayload)) scan('export files', `${url} entry ${entry}`, bytes);
        return response;
      };
      const connections = await store.listConnections();
      const urls = [
        '/connections',
        '/api/v1/connections',
        '/runs',
        '/api/v1/runs?limit=1000',
        '/frameworks',
        '/api/v1/frameworks',
        '/exports',
        '/api/v1/me',
        '/admin/api-keys',
        '/connections/new',
        '/connections/new/wizard.js',
      ];
      for (const c of connections) {
        urls.push(
          `/api/v1/exports/package.zip?framework=soc2&connection=${encodeURIComponent(c.name)}`,
          `/api/v1/exports/oscal.json?framework=soc2&connection=${encodeURIComponent(c.name)}`,
        );
        for (const run of await store.listRuns(c.id, 100)) urls.push(`/runs/${encodeURIComponent(run.id)}`, `/api/v1/runs/${encodeURIComponent(run.id)}`);
        for (const a of await store.currentArtifacts(c.id))
          urls.push(
            `/artifacts/${a.id}`,
            `/api/v1/artifacts/${a.id}`,
            `/api/v1/artifacts/${a.id}/records?pageSize=200`,
            `/api/v1/artifacts/${a.id}/document`,
            `/api/v1/artifacts/${a.id}/records.csv`,
          );
      }
      for (const url of urls) expect((await get(url)).statusCode, url).toBeLessThan(400);

      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await app.inject({
          method: 'POST',
          url,
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        scan('web responses', `POST ${url}`, response.rawPayload);
        return response;
      };
      const tested = await post('/connections/new/test', { region: 'us', app: `acme-${suffix}`, token: TOKEN });
      expect(tested.statusCode, tested.body.slice(0, 300)).toBe(200);
      const testId = (tested.json() as { testId: string | null }).testId;
      expect(testId).toBeTruthy();
      const saved = await post('/connections/new/save', { region: 'us', app: `acme-${suffix}`, token: TOKEN, testId, name: `hyg-web-${suffix}` });
      expect(saved.statusCode, saved.body.slice(0, 300)).toBe(200);
      for (const bad of [`${TOKEN} `, `Bearer ${TOKEN}`, `${TOKEN}x`, `${TOKEN}\n${TOKEN}`])
        expect((await post('/connections/new/test', { region: 'us', app: 'acme', token: bad })).statusCode).toBe(400);
      expect((await post('/connections/new/test', { region: 'us', app: TOKEN, token: TOKEN })).statusCode).toBe(400);
      const verify = await post(`/api/v1/artifacts/${(await store.currentArtifacts((await store.getConnection(name))!.id))[0]!.id}/verify`, {});
      expect(verify.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('leaves the token nowhere: Temporal, logs, the store, Artifacts, exports, errors, argv; only GETs reached the tenant', { timeout: 120_000 }, async () => {
    // Temporal: every workflow of this test's task queues, its history (payloads decoded), memo and search attributes.
    let workflows = 0;
    for (const taskQueue of [queue, harness.taskQueue]) {
      for await (const execution of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
        workflows += 1;
        scan(
          'Temporal workflow memos and search attributes',
          `the memo and search attributes of ${execution.workflowId}`,
          JSON.stringify({ memo: execution.memo, searchAttributes: execution.searchAttributes, typed: execution.typedSearchAttributes }),
        );
        const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
        scan('Temporal histories', `the history of ${execution.workflowId}`, historyText(history));
      }
    }
    expect(workflows, 'workflows found on the test task queues').toBeGreaterThanOrEqual(5);
    for (const id of await scheduleIds()) {
      const description = await client.schedule
        .getHandle(id)
        .describe()
        .catch(() => undefined);
      if (description)
        scan(
          'Temporal schedules',
          `schedule ${id}`,
          JSON.stringify(description, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
        );
    }
    expect(scanned.get('Temporal schedules') ?? 0, 'schedules created by connect').toBeGreaterThanOrEqual(1);

    // Logs and output of every process.
    for (const log of logs) scan('logs and output', log.where, log.text());
    expect(logs.filter((l) => l.text().length > 100).length).toBeGreaterThanOrEqual(8);

    // The store, byte for byte: the database and its WAL and shared memory. Its one copy of the token is encrypted.
    for (const connection of await store.listConnections()) if (connection.name.includes(suffix)) expect(await store.readToken(connection.id)).toBe(TOKEN);
    for (const file of readdirSync(home).filter((f) => f.startsWith('evidence.sqlite')))
      scan('store files', `the raw bytes of ${file}`, readFileSync(path.join(home, file)));
    expect(scanned.get('store files')).toBeGreaterThanOrEqual(2);

    // Artifacts, and the exports the CLI wrote (ZIP entries unpacked).
    for (const connection of await store.listConnections())
      for (const a of await store.currentArtifacts(connection.id)) scan('Artifacts', `Artifact ${a.type} ${a.id}`, await readArtifactDocument(store, a));
    for (const file of filesUnder(exportsDir)) {
      scan('export files', file, readFileSync(file));
      if (file.endsWith('.zip')) for (const [entry, bytes] of await readZip(readFileSync(file))) scan('export files', `${file} entry ${entry}`, bytes);
    }
    expect(scanned.get('export files')).toBeGreaterThan(20);

    // Process argv: sampled all along; children seen.
    sampleProcesses();
    expect(scanned.get('child environment') ?? 0, 'child processes sampled while running').toBeGreaterThan(5);

    // The tenant saw GETs only, and never a /secrets/ endpoint.
    const requests = simulators.flatMap((s) => s.requestLog);
    expect(requests.length).toBeGreaterThan(200);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(requests.filter((r) => /\/secrets(\/|$)/i.test(r.path))).toEqual([]);

    expect(leaks, 'places where the token was found').toEqual([]);
  });
});
