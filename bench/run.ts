// npm run bench [-- --sizes 2000,20000,100000 --latency 20 --rate 10 --concurrency 4 --naive-full 300 --naive-sample 200
//                   --worker-heap 128 --worker-semi-space 8 --worker-malloc-arenas 2]
// Collects simulated tenants through a real Temporal dev server and a worker process, and prints requests vs the
// floor, wall time vs the floor time, worker peak RSS and history size. Then collects the same tenant with the naive
// per-device baseline (bench/naive-collector.ts) and prints the ratios. Results go to bench/results/.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { openStore, type RunSummary } from '../src/store/index.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/index.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { collectionWorkflowId, runCollection } from '../src/temporal/client.js';
import { requestFloor } from '../src/simulator/request-floor.js';
import { startCliWorker, type WorkerTuning } from './cli-worker.js';
import { freePort } from '../src/temporal/free-port.js';
import { runNaiveCollector, type NaiveResult } from './naive-collector.js';
import { markdownTable, overFloorNotes, projectionNotes, type BenchRow } from './table.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000,20000,100000' },
    latency: { type: 'string', default: '20' },
    // The product's default budget (IRU_EVIDENCE_REQUESTS_PER_SECOND, IRU_EVIDENCE_MAX_CONCURRENT_REQUESTS).
    rate: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    // The naive baseline runs in full up to this many devices, above it on a sample of --naive-sample devices.
    'naive-full': { type: 'string', default: '300' },
    'naive-sample': { type: 'string', default: '200' },
    // The worker's memory settings, as the README recommends for a worker service: V8's old-space and semi-space caps
    // (NODE_OPTIONS=--max-old-space-size=128 --max-semi-space-size=8) and glibc's malloc arenas (MALLOC_ARENA_MAX=2).
    // 0 for the semi-space or the arenas leaves the default.
    'worker-heap': { type: 'string', default: '128' },
    'worker-semi-space': { type: 'string', default: '8' },
    'worker-malloc-arenas': { type: 'string', default: '2' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const latencyMs = Number(values.latency);
const perSecond = Number(values.rate);
const maxConcurrent = Number(values.concurrency);
const naiveFullUpTo = Number(values['naive-full']);
const naiveSample = Number(values['naive-sample']);
const workerTuning: WorkerTuning = {
  heapMB: Number(values['worker-heap']),
  semiSpaceMB: Number(values['worker-semi-space']),
  mallocArenas: Number(values['worker-malloc-arenas']),
};
const hourlyQuota = 1_000_000;
/** The documented tenant limit, used only to say how much real quota a naive run would burn. */
const DOCUMENTED_PER_HOUR = 10_000;

type OurFigures = Omit<
  BenchRow,
  'naiveRequests' | 'naiveWallSeconds' | 'naiveMeasured' | 'naive429s' | 'naiveProjection' | 'requestsNaiveVsOurs' | 'wallNaiveVsOurs'
>;
type NaiveFigures = Pick<BenchRow, 'naiveRequests' | 'naiveWallSeconds' | 'naiveMeasured' | 'naive429s' | 'naiveProjection'>;

const round = (value: number, digits: number) => +value.toFixed(digits);
const fleetOf = (devices: number) => ({ seed: devices, devices });

const port = await freePort();
const temporal = await startDevServer({ port, namespace: 'default', startTimeoutMs: 120_000 });
const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });

/** Our collector: one workflow run through the built `iru-evidence worker` against a fresh simulator. */
async function collectOurs(devices: number): Promise<OurFigures> {
  const home = mkdtempSync(path.join(tmpdir(), 'iru-bench-'));
  const env = { IRU_EVIDENCE_HOME: home, IRU_EVIDENCE_KEY: randomBytes(32).toString('base64') };
  const store = openStore(env);
  const token = randomUUID();
  // The gateway's 50/s burst limit, and an hourly quota as large as the bench's budget (a real tenant's 10,000 an
  // hour would make the 100,000-device run wait for the next hour: see the README).
  const sim = await startSimulator({
    fleet: fleetOf(devices),
    tokens: { [token]: { permissions: 'all' } },
    latencyMs,
    rateLimit: { perSecond: 50, perHour: hourlyQuota },
  });
  const taskQueue = `bench-${randomUUID()}`;
  const budget = { hourlyQuota, share: 1, windowMs: 3_600_000, perSecond, maxConcurrent };
  const worker = await startCliWorker({ home, key: env.IRU_EVIDENCE_KEY, address: temporal.address, taskQueue, budget, tuning: workerTuning });
  try {
    const connection = await store.saveConnection({ name: `bench-${devices}`, baseUrl: sim.url, token });
    const workflowId = collectionWorkflowId(connection.name);
    const started = Date.now();
    const summary: RunSummary = await runCollection(client, taskQueue, { connectionId: connection.id }, workflowId);
    const wallMs = Date.now() - started;
    const rssBytes = await worker.stop();
    return await ourFigures({ devices, sim, summary, workflowId, wallMs, rssBytes });
  } finally {
    await worker.stop();
    await sim.close();
    await store.close();
    rmSync(home, { recursive: true, force: true });
  }
}

interface OurRun {
  devices: number;
  sim: RunningSimulator;
  summary: RunSummary;
  workflowId: string;
  wallMs: number;
  rssBytes: number;
}

async function ourFigures({ devices, sim, summary, workflowId, wallMs, rssBytes }: OurRun): Promise<OurFigures> {
  const window = { from: new Date(Date.parse(summary.startedAt) - 365 * 86_400_000).toISOString(), to: summary.startedAt }; // the admin-activity year
  const { total: floor, bySource } = requestFloor(sim.fleet, window);
  const requests = sim.requestLog.length;
  const bySourceRequests = Object.fromEntries(summary.sources.map((s) => [s.name, s.requests]));
  const overFloor = Object.entries(bySource).flatMap(([name, least]) =>
    (bySourceRequests[name] ?? 0) > least ? [`${name} ${bySourceRequests[name]}/${least}`] : [],
  );
  const floorTimeMs = Math.max((requests / perSecond) * 1000, (requests * latencyMs) / maxConcurrent);
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const payloadSizes = (history.events ?? []).flatMap((event) => JSON.stringify(event).length);
  return {
    devices,
    status: summary.status,
    requests,
    floor,
    requestsVsFloor: round(requests / floor, 3),
    usersRequests: sim.requestLog.filter((entry) => entry.path === '/api/v1/users').length,
    usersFloor: bySource.users!,
    overFloor,
    wallSeconds: round(wallMs / 1000, 1),
    floorSeconds: round(floorTimeMs / 1000, 1),
    wallVsFloor: round(wallMs / floorTimeMs, 3),
    workerPeakRssMB: Math.round(rssBytes / 1_048_576),
    normalizedRowsPerSecond: normalizationRate(summary),
    historyEvents: history.events?.length ?? 0,
    largestEventBytes: Math.max(...payloadSizes),
    artifacts: summary.artifacts.length,
    contentSha256: Object.fromEntries(summary.artifacts.map((a) => [a.type, a.contentSha256]).sort(([a], [b]) => a!.localeCompare(b!))),
  };
}

/** Source rows read by the Artifact builds per second of build time (builds overlap collection; each is timed alone). */
function normalizationRate(summary: RunSummary): number {
  const rows = summary.artifacts.reduce((sum, a) => sum + (a.rowsRead ?? 0), 0);
  const ms = summary.artifacts.reduce((sum, a) => sum + (a.buildMs ?? 0), 0);
  return ms > 0 ? Math.round((rows / ms) * 1000) : 0;
}

/** The naive baseline against a fresh simulator of the same tenant, held by the simulator to the bench's rate. */
async function collectNaive(devices: number): Promise<NaiveResult> {
  const token = randomUUID();
  const sim = await startSimulator({
    fleet: fleetOf(devices),
    tokens: { [token]: { permissions: 'all' } },
    latencyMs,
    rateLimit: { perSecond, perHour: hourlyQuota },
  });
  try {
    return await runNaiveCollector({ baseUrl: sim.url, token, deviceLimit: devices > naiveFullUpTo ? naiveSample : undefined });
  } finally {
    await sim.close();
  }
}

/**
 * Full runs are reported as measured. A sample is projected: the device list was read in full, so its requests and
 * time are measured; per-device requests and time scale with the device count at the sample's measured rate.
 */
function naiveFigures(result: NaiveResult): NaiveFigures {
  const { devicesListed: devices, devicesVisited: sampled, list, perDevice } = result;
  if (sampled === devices) {
    const measured = { naiveRequests: result.requests, naiveWallSeconds: round(result.wallMs / 1000, 1), naive429s: result.rateLimited };
    return { ...measured, naiveMeasured: 'full', naiveProjection: null };
  }
  const requestsPerDevice = perDevice.requests / sampled;
  const msPerDevice = perDevice.wallMs / sampled;
  const naiveRequests = list.requests + Math.round(devices * requestsPerDevice);
  const naiveWallSeconds = round((list.wallMs + devices * msPerDevice) / 1000, 1);
  const naive429s = list.rateLimited + Math.round((devices * perDevice.rateLimited) / sampled);
  const naiveProjection =
    `requests = ${list.requests} list requests + ${devices} devices × ${requestsPerDevice.toFixed(3)} requests/device ` +
    `(3 GETs + 429 retries, measured over ${sampled} devices) = ${naiveRequests}; ` +
    `wall = ${(list.wallMs / 1000).toFixed(1)} s listing + ${devices} devices × ${msPerDevice.toFixed(1)} ms/device = ${naiveWallSeconds} s`;
  return { naiveRequests, naiveWallSeconds, naive429s, naiveMeasured: `sample of ${sampled}`, naiveProjection };
}

function withNaive(ours: OurFigures, naive: NaiveFigures): BenchRow {
  return {
    ...ours,
    ...naive,
    requestsNaiveVsOurs: round(naive.naiveRequests / ours.requests, 1),
    wallNaiveVsOurs: round(naive.naiveWallSeconds / ours.wallSeconds, 1),
  };
}

function save(rows: BenchRow[]): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', `${stamp}.json`);
  const naive = { concurrency: 4, retryDelayMs: 1000, fullUpTo: naiveFullUpTo, sample: naiveSample };
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), latencyMs, perSecond, maxConcurrent, workerTuning, naive, rows }, null, 2)}\n`);
  return out;
}

async function runBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const devices of sizes) {
    const ours = await collectOurs(devices);
    console.log(JSON.stringify(ours));
    const naive = naiveFigures(await collectNaive(devices));
    const row = withNaive(ours, naive);
    console.log(JSON.stringify({ devices, ...naive, requestsNaiveVsOurs: row.requestsNaiveVsOurs, wallNaiveVsOurs: row.wallNaiveVsOurs }));
    rows.push(row);
  }
  return rows;
}

function report(rows: BenchRow[]): void {
  const out = save(rows);
  console.log(`\n${markdownTable(rows)}\n`);
  for (const note of [...overFloorNotes(rows), ...projectionNotes(rows)]) console.log(note);
  const quotaHours = rows.map((r) => `${r.devices} devices: ${(r.naiveRequests / DOCUMENTED_PER_HOUR).toFixed(1)} h`).join(', ');
  console.log(`naive requests at the documented ${DOCUMENTED_PER_HOUR} requests/hour per tenant: ${quotaHours}`);
  console.log(`\nsaved ${out}`);
}

try {
  report(await runBench());
} finally {
  await client.connection.close();
  await temporal.stop();
}
