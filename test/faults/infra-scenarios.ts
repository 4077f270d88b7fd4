/**
 * Faults of the infrastructure under a run: the Temporal server restarted mid-run (a dedicated dev server persisted in
 * a SQLite file, stopped and started again on the same port), and Redis lost under the shared limiter.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { startSimulator, type FleetSpec, type RunningSimulator } from '../../src/simulator/index.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../../src/temporal/free-port.js';
import { startRedis } from '../helpers/redis-server.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import {
  assertEarlierArtifactsKept,
  compareToBaseline,
  currentByType,
  expectCompletedLikeBaseline,
  FAULT_SOURCES,
  prng,
  runEvidence,
  settle,
  startRun,
  waitFor,
  type RunEvidence,
  type Tally,
} from './harness.js';

/** A dev server of its own, persisted in a SQLite file, that a test can stop and start again on the same port. */
export interface RestartableTemporal {
  address: string;
  /** Stops the server (SIGTERM, or SIGKILL when `hard`), waits `downMs`, starts it again; resolves when it serves, with when it went down. */
  restart(downMs: number, hard: boolean): Promise<{ downAt: number }>;
  stop(): Promise<void>;
}

/** The pid of the dev server listening on `port` (the Temporal CLI child of startDevServer). */
function devServerPid(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('start-dev') && argv[argv.indexOf('--port') + 1] === String(port)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

export async function restartableTemporal(): Promise<RestartableTemporal> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-faults-temporal-'));
  const port = await freePort();
  const options = { port, namespace: 'default', dbFile: path.join(dir, 'temporal.sqlite'), startTimeoutMs: 120_000 };
  let server: RunningDevServer | undefined = await startDevServer(options);
  expect(server.owned).toBe(true);
  return {
    address: server.address,
    async restart(downMs, hard) {
      if (hard) {
        const pid = devServerPid(port);
        expect(pid, 'the dev server process').toBeDefined();
        process.kill(pid!, 'SIGKILL');
      }
      await server?.stop();
      const downAt = Date.now();
      server = undefined;
      await new Promise((r) => setTimeout(r, downMs));
      server = await startDevServer(options);
      expect(server.owned, 'the restarted server is ours, on the same port').toBe(true);
      return { downAt };
    },
    async stop() {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RestartContext {
  temporal: RestartableTemporal;
  harness: TemporalHarness;
  store: EvidenceStore;
  fleet: FleetSpec;
  token: string;
  simulators: RunningSimulator[];
  tally: Tally;
  log: (line: string) => void;
}

export async function restartContext(
  store: EvidenceStore,
  fleet: FleetSpec,
  token: string,
  tally: Tally,
  log: (line: string) => void,
): Promise<RestartContext & { close(): Promise<void> }> {
  const temporal = await restartableTemporal();
  const harness = await temporalHarness({ address: temporal.address, namespace: 'default' });
  await harness.startWorker({ store, budget: { perSecond: 200, maxConcurrent: 4 } });
  const simulators: RunningSimulator[] = [];
  return {
    temporal,
    harness,
    store,
    fleet,
    token,
    simulators,
    tally,
    log,
    async close() {
      await harness.close();
      await temporal.stop();
      await Promise.all(simulators.map((s) => s.close()));
    },
  };
}

const RUN_INPUT = { sources: FAULT_SOURCES, heartbeatTimeoutSeconds: 5, sourceRetry: { maximumAttempts: 8, initialIntervalSeconds: 1 } };

/** An undisturbed run on the dedicated server: the Artifacts every restarted run must equal. */
export async function restartBaseline(ctx: RestartContext): Promise<{ baseline: RunEvidence; pages: number }> {
  const sim = await startSimulator({ fleet: ctx.fleet, tokens: { [ctx.token]: { permissions: 'all' } } });
  ctx.simulators.push(sim);
  const connection = await ctx.store.saveConnection({ name: `rb-${randomUUID().slice(0, 8)}`, baseUrl: sim.url, token: ctx.token });
  const run = await startRun(ctx.harness.client, ctx.harness.taskQueue, connection, RUN_INPUT);
  expect(await settle(run, 180_000)).toBe('completed');
  const baseline = await runEvidence(ctx.store, run.workflowId, FAULT_SOURCES);
  const pages = (await Promise.all(FAULT_SOURCES.map((s) => ctx.store.sourceProgress(run.workflowId, s)))).reduce((sum, p) => sum + p.pages, 0);
  return { baseline, pages };
}

/** A run whose Temporal server is stopped after a seeded number of stored pages and started again after a seeded pause. */
export async function restartScenario(ctx: RestartContext, seed: number, baseline: RunEvidence, pages: number): Promise<void> {
  const random = prng(seed);
  // Early enough that the run is still going when the server is gone (a graceful stop takes a moment).
  const atPages = random.int(1, Math.max(1, Math.floor(pages / 2)));
  const downMs = random.int(200, 4_000);
  const hard = seed % 2 === 1;
  const sim = await startSimulator({ fleet: ctx.fleet, tokens: { [ctx.token]: { permissions: 'all' } }, latencyMs: 25 });
  ctx.simulators.push(sim);
  const connection = await ctx.store.saveConnection({ name: `r${seed}-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: ctx.token });
  const run = await startRun(ctx.harness.client, ctx.harness.taskQueue, connection, RUN_INPUT);
  const stored = async () => (await Promise.all(FAULT_SOURCES.map((s) => ctx.store.sourceProgress(run.workflowId, s)))).reduce((sum, p) => sum + p.pages, 0);
  await waitFor(async () => (await stored()) >= atPages, 120_000, `${atPages} stored pages`, 10);
  const t0 = Date.now();
  const { downAt } = await ctx.temporal.restart(downMs, hard);
  const storedWhenDown = await stored();
  ctx.log(
    `seed ${seed}: Temporal server ${hard ? 'killed (-9)' : 'stopped'} after ${atPages} stored pages, down ${downMs} ms, serving again ` +
      `after ${Date.now() - t0} ms (${storedWhenDown} pages stored when it came back)`,
  );
  let survived = false;
  let comparison;
  try {
    expect(await settle(run, 300_000), `seed ${seed}: the workflow completes after the restart`).toBe('completed');
    // The outage fell inside the run: it closed only after the server was gone.
    const closedAt = (await run.handle.describe()).closeTime?.getTime() ?? 0;
    expect(closedAt, `seed ${seed}: the run was still going when the server went down`).toBeGreaterThan(downAt);
    comparison = await expectCompletedLikeBaseline(ctx.store, run.workflowId, baseline, FAULT_SOURCES);
    survived = true;
  } finally {
    ctx.tally.record(1, survived, comparison, survived ? undefined : `FAILED: seed ${seed} restart after ${atPages} pages`);
  }
}

export type RedisLoss = 'returns' | 'gone' | 'down-before-the-run';

export interface RedisContext {
  store: EvidenceStore;
  fleet: FleetSpec;
  token: string;
  tally: Tally;
  log: (line: string) => void;
}

/** The ioredis client as `iru-evidence worker` makes it (src/cli/runtime.ts): three retries per command. */
function productRedisClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 3 });
  client.on('error', () => {});
  return client;
}

/**
 * Redis lost under the shared limiter. The documented behaviour: the limiter fails closed. While Redis is away no
 * request is sent to Iru; a run whose Redis comes back within its source retries completes with the undisturbed
 * Artifacts; one whose Redis stays away ends partial or failed with the diagnosis budget_unavailable, and the
 * connection's earlier Artifacts stay current.
 */
export async function redisScenario(ctx: RedisContext, seed: number, loss: RedisLoss): Promise<void> {
  const random = prng(seed);
  let redisServer = await startRedis();
  const redis = productRedisClient(redisServer.url);
  const harness = await temporalHarness();
  const sim = await startSimulator({ fleet: ctx.fleet, tokens: { [ctx.token]: { permissions: 'all' } }, latencyMs: 10 });
  try {
    await harness.startWorker({ store: ctx.store, redis, budget: { perSecond: 100, maxConcurrent: 4 } });
    const connection = await ctx.store.saveConnection({ name: `redis${seed}-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: ctx.token });
    const returns = loss === 'returns';
    const input = {
      sources: FAULT_SOURCES,
      heartbeatTimeoutSeconds: 5,
      sourceRetry: returns ? { maximumAttempts: 8, initialIntervalSeconds: 1 } : { maximumAttempts: 2, initialIntervalSeconds: 1 },
    };

    // The undisturbed run: the Artifacts to equal, and the earlier Artifacts to keep.
    const first = await startRun(harness.client, harness.taskQueue, connection, input);
    expect(await settle(first, 120_000)).toBe('completed');
    const baseline = await runEvidence(ctx.store, first.workflowId, FAULT_SOURCES);
    expect(baseline.status).toBe('succeeded');
    const pages = (await Promise.all(FAULT_SOURCES.map((s) => ctx.store.sourceProgress(first.workflowId, s)))).reduce((sum, p) => sum + p.pages, 0);
    const before = await currentByType(ctx.store, connection.id);

    let stoppedAt = 0;
    const stop = async () => {
      await redisServer.stop();
      stoppedAt = Date.now();
    };
    if (loss === 'down-before-the-run') await stop();
    const run = await startRun(harness.client, harness.taskQueue, connection, input);
    const stored = async () => (await Promise.all(FAULT_SOURCES.map((s) => ctx.store.sourceProgress(run.workflowId, s)))).reduce((sum, p) => sum + p.pages, 0);
    let downMs = 0;
    if (loss !== 'down-before-the-run') {
      const atPages = random.int(1, Math.max(1, pages - 1));
      await waitFor(async () => (await stored()) >= atPages, 120_000, `${atPages} stored pages`, 10);
      await stop();
      if (returns) {
        downMs = random.int(500, 4_000);
        await new Promise((r) => setTimeout(r, downMs));
        redisServer = await startRedis({ port: redisServer.port });
      }
      ctx.log(`seed ${seed}: Redis stopped after ${await stored()} stored pages (planned ${atPages})${returns ? `, back after ${downMs} ms` : ', for good'}`);
    } else {
      ctx.log(`seed ${seed}: Redis stopped before the run started`);
    }

    const closed = await settle(run, 300_000);
    let survived = false;
    let comparison;
    try {
      if (returns) {
        expect(closed, `seed ${seed}: the run completes once Redis is back`).toBe('completed');
        comparison = await expectCompletedLikeBaseline(ctx.store, run.workflowId, baseline, FAULT_SOURCES);
      } else {
        const actual = await runEvidence(ctx.store, run.workflowId, FAULT_SOURCES);
        expect(['partial', 'failed'], `seed ${seed}: run status`).toContain(actual.status);
        const diagnosis = /The shared request budget in Redis cannot be reached .*no request is sent to Iru without it/;
        if (loss === 'down-before-the-run') {
          // Not even planned: the run is recorded failed with the diagnosis, and the workflow failed.
          expect(closed).toBe('failed');
          expect(actual.status).toBe('failed');
          expect(actual.summary?.error?.code).toBe('budget_unavailable');
          expect(actual.summary?.error?.message).toMatch(diagnosis);
          expect(actual.summary?.error?.remedy).toMatch(/REDIS_URL/);
        } else {
          const failed = actual.summary!.sources.filter((s) => s.status === 'failed');
          expect(failed.length, `seed ${seed}: sources cut off by the loss of Redis`).toBeGreaterThan(0);
          for (const s of failed) {
            expect(s.error?.code, `${s.name} error code`).toBe('budget_unavailable');
            expect(s.error?.message, `${s.name} message`).toMatch(diagnosis);
          }
        }
        comparison = compareToBaseline(baseline, actual);
        expect({ lost: comparison.lost, duplicated: comparison.duplicated, differing: comparison.differing }).toEqual({
          lost: 0,
          duplicated: 0,
          differing: [],
        });
        await assertEarlierArtifactsKept(ctx.store, connection.id, before, run.workflowId);
        // Fail closed: nothing reached the tenant once Redis was gone (a request already on the wire may land just after).
        const after = sim.requestLog.filter((r) => Date.parse(r.at) > stoppedAt + 250);
        expect(
          after.map((r) => `${r.at} ${r.path}`),
          'requests sent to Iru without the shared budget',
        ).toEqual([]);
      }
      survived = true;
    } finally {
      ctx.tally.record(1, survived, comparison, survived ? undefined : `FAILED: seed ${seed} Redis ${loss}`);
    }
  } finally {
    await harness.close();
    redis.disconnect();
    await redisServer.stop().catch(() => {});
    await sim.close();
  }
}
