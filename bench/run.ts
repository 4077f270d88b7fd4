// npm run bench [-- --sizes 2000,20000 --latency 20 --rate 40]
// Collects simulated tenants through a real Temporal dev server and a worker process, and prints requests vs the
// floor, wall time vs the floor time, worker peak RSS and history size. Results go to bench/results/.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import type { RunSummary } from '../src/collector/run-summary.js';
import { startSimulator } from '../src/simulator/index.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../src/store/token-cipher.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { collectionWorkflowId, runCollection } from '../src/temporal/client.js';
import { WORKFLOWS_PATH } from '../src/temporal/worker.js';
import { requestFloor } from '../test/helpers/request-floor.js';
import { spawnWorker } from '../test/helpers/spawn-worker.js';
import { freePort } from '../test/helpers/free-port.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000,20000' },
    latency: { type: 'string', default: '20' },
    rate: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '8' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const latencyMs = Number(values.latency);
const perSecond = Number(values.rate);
const maxConcurrent = Number(values.concurrency);

// Workers get a pre-built workflow bundle, so their peak RSS measures collection, not webpack.
const bundleFile = path.join(mkdtempSync(path.join(tmpdir(), 'iru-bench-bundle-')), 'workflows.js');
writeFileSync(bundleFile, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') })).code);
const port = await freePort();
const temporal = await startDevServer({ port, namespace: 'default', startTimeoutMs: 120_000 });
const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
const rows: Record<string, unknown>[] = [];

for (const devices of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-bench-'));
  const key = randomBytes(32);
  const store = new SqliteStore(path.join(dir, 'evidence.sqlite'), new TokenCipher(key));
  const token = randomUUID();
  const sim = await startSimulator({ fleet: { seed: devices, devices }, tokens: { [token]: { permissions: 'all' } }, latencyMs, rateLimit: { perSecond: 50 } });
  const taskQueue = `bench-${randomUUID()}`;
  const budget = { hourlyQuota: 1_000_000, share: 1, perSecond, maxConcurrent };
  const worker = await spawnWorker({ address: temporal.address, taskQueue, storeFile: store.file, storeKey: key.toString('base64'), budget, workflowBundleFile: bundleFile });
  const connection = await store.saveConnection({ name: `bench-${devices}`, baseUrl: sim.url, token });
  const workflowId = collectionWorkflowId(connection.name);
  const started = Date.now();
  const summary: RunSummary = await runCollection(client, taskQueue, { connectionId: connection.id }, workflowId);
  const wallMs = Date.now() - started;
  const rssBytes = await worker.stop();

  const window = { from: new Date(Date.parse(summary.startedAt) - 90 * 86_400_000).toISOString(), to: summary.startedAt };
  const floor = requestFloor(sim.fleet, window).total;
  const requests = sim.requestLog.length;
  const floorTimeMs = Math.max((requests / perSecond) * 1000, (requests * latencyMs) / maxConcurrent);
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const payloadSizes = (history.events ?? []).flatMap((event) => JSON.stringify(event).length);
  const row = {
    devices,
    status: summary.status,
    requests,
    floor,
    requestsVsFloor: +(requests / floor).toFixed(3),
    wallSeconds: +(wallMs / 1000).toFixed(1),
    floorSeconds: +(floorTimeMs / 1000).toFixed(1),
    wallVsFloor: +(wallMs / floorTimeMs).toFixed(3),
    workerPeakRssMB: rssBytes ? Math.round(rssBytes / 1_048_576) : null,
    historyEvents: history.events?.length ?? 0,
    largestEventBytes: Math.max(...payloadSizes),
    artifacts: summary.artifacts.length,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
  await sim.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', `${stamp}.json`);
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), latencyMs, perSecond, maxConcurrent, rows }, null, 2)}\n`);
console.log(`\n| devices | requests | floor | ratio | wall s | floor s | wall/floor | worker RSS MB | history events | largest event B |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|`);
for (const r of rows) console.log(`| ${r.devices} | ${r.requests} | ${r.floor} | ${r.requestsVsFloor} | ${r.wallSeconds} | ${r.floorSeconds} | ${r.wallVsFloor} | ${r.workerPeakRssMB} | ${r.historyEvents} | ${r.largestEventBytes} |`);
console.log(`\nsaved ${out}`);
await client.connection.close();
await temporal.stop();
