/**
 * kill -9 of the worker process at seeded random points: after a random number of stored pages, at a random moment,
 * in the middle of building Artifacts, or while planning. Runs go in batches on one worker; each run has its own
 * seeded kill point, and every kill disturbs every run in flight. Every run must complete with the Artifacts of an
 * undisturbed run, nothing lost or doubled. Shared by the fast matrix and the long one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startSimulator, type FleetSpec, type RunningSimulator } from '../../src/simulator/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import { spawnWorker, type WorkerProcess } from '../helpers/spawn-worker.js';
import { workflowBundle } from '../helpers/temporal.js';
import {
  compareToBaseline,
  expectCompletedLikeBaseline,
  FAULT_SOURCES,
  prng,
  runEvidence,
  settle,
  startRun,
  type RunEvidence,
  type StartedRun,
  Tally,
} from './harness.js';

export type KillPoint = { kind: 'pages'; pages: number } | { kind: 'time'; ms: number } | { kind: 'build'; artifacts: number } | { kind: 'plan' };

export interface KillRig {
  client: Client;
  address: string;
  taskQueue: string;
  store: SqliteStore;
  simulators: RunningSimulator[];
  /** The worker now running (replaced after each kill). */
  worker: WorkerProcess | undefined;
  /** Worker processes started, including replacements. */
  spawned: WorkerProcess[];
  respawn(): Promise<WorkerProcess>;
  close(): Promise<void>;
}

const HEARTBEAT_SECONDS = 3;
const SOURCE_RETRY = { maximumAttempts: 6, initialIntervalSeconds: 1 };

/** A task queue, a store file shared with worker processes, a pre-built workflow bundle (fast respawns). */
export async function killRig(address: string, options: { budget?: Record<string, number> } = {}): Promise<KillRig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-faults-kill-'));
  const key = randomBytes(32);
  const store = new SqliteStore(path.join(dir, 'evidence.sqlite'), new TokenCipher(key));
  const bundleFile = path.join(dir, 'workflows.js');
  writeFileSync(bundleFile, (await workflowBundle()).code);
  const client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  const taskQueue = `faults-kill-${randomUUID()}`;
  const rig: KillRig = {
    client,
    address,
    taskQueue,
    store,
    simulators: [],
    worker: undefined,
    spawned: [],
    async respawn() {
      const worker = await spawnWorker({
        address,
        taskQueue,
        storeFile: store.file,
        storeKey: key.toString('base64'),
        budget: options.budget ?? { perSecond: 200, maxConcurrent: 4 },
        workflowBundleFile: bundleFile,
      });
      rig.worker = worker;
      rig.spawned.push(worker);
      return worker;
    },
    async close() {
      await rig.worker?.stop();
      await client.connection.close();
      await Promise.all(rig.simulators.map((s) => s.close()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

export interface RunShape {
  pages: number;
  artifacts: number;
  durationMs: number;
}

/** The undisturbed run (on the rig's worker): the Artifacts and rows every disturbed run must equal, and its shape. */
export async function killBaseline(rig: KillRig, fleet: FleetSpec, token: string, latencyMs: number): Promise<{ baseline: RunEvidence; shape: RunShape }> {
  const sim = await startSimulator({ fleet, tokens: { [token]: { permissions: 'all' } }, latencyMs });
  rig.simulators.push(sim);
  rig.worker ??= await rig.respawn();
  const connection = await rig.store.saveConnection({ name: `kb-${randomUUID().slice(0, 8)}`, baseUrl: sim.url, token });
  const started = Date.now();
  const run = await startRun(rig.client, rig.taskQueue, connection, {
    sources: FAULT_SOURCES,
    heartbeatTimeoutSeconds: HEARTBEAT_SECONDS,
    sourceRetry: SOURCE_RETRY,
  });
  expect(await settle(run, 180_000)).toBe('completed');
  const durationMs = Date.now() - started;
  const baseline = await runEvidence(rig.store, run.workflowId, FAULT_SOURCES);
  expect(baseline.status).toBe('succeeded');
  const pages = (await Promise.all(FAULT_SOURCES.map((s) => rig.store.sourceProgress(run.workflowId, s)))).reduce((sum, p) => sum + p.pages, 0);
  return { baseline, shape: { pages, artifacts: baseline.artifacts.size, durationMs } };
}

/** A seeded kill point within a run of this shape. */
export function killPoint(seed: number, shape: RunShape, kinds: readonly KillPoint['kind'][]): KillPoint {
  const random = prng(seed);
  const kind = random.pick(kinds);
  if (kind === 'pages') return { kind, pages: random.int(1, Math.max(1, shape.pages - 1)) };
  if (kind === 'build') return { kind, artifacts: random.int(1, Math.max(1, shape.artifacts - 1)) };
  if (kind === 'time') return { kind, ms: random.int(0, shape.durationMs) };
  return { kind };
}

function describePoint(point: KillPoint): string {
  if (point.kind === 'pages') return `after ${point.pages} stored pages`;
  if (point.kind === 'build') return `after ${point.artifacts} Artifacts built`;
  if (point.kind === 'time') return `${point.ms} ms into the run`;
  return 'while planning';
}

interface PlannedRun {
  seed: number;
  point: KillPoint;
  run: StartedRun;
  startedAt: number;
}

/**
 * One batch: a run per seed, started together on the rig's worker; for each run in turn, wait until it reaches its
 * kill point (or has finished), kill -9 the worker, start a new one. Then every run must complete like the baseline.
 */
export async function killBatch(
  rig: KillRig,
  options: {
    seeds: number[];
    fleet: FleetSpec;
    token: string;
    latencyMs: number;
    baseline: RunEvidence;
    shape: RunShape;
    kinds: readonly KillPoint['kind'][];
    tally: Tally;
    log?: (line: string) => void;
  },
): Promise<void> {
  rig.worker ??= await rig.respawn();
  const planned: PlannedRun[] = [];
  for (const seed of options.seeds) {
    const sim = await startSimulator({ fleet: options.fleet, tokens: { [options.token]: { permissions: 'all' } }, latencyMs: options.latencyMs });
    rig.simulators.push(sim);
    const connection = await rig.store.saveConnection({ name: `k${seed}-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: options.token });
    const run = await startRun(rig.client, rig.taskQueue, connection, {
      sources: FAULT_SOURCES,
      heartbeatTimeoutSeconds: HEARTBEAT_SECONDS,
      sourceRetry: SOURCE_RETRY,
    });
    planned.push({ seed, point: killPoint(seed, options.shape, options.kinds), run, startedAt: Date.now() });
  }
  const closedRuns = new Set<string>();
  const settled = planned.map((p) => settle(p.run, 600_000).then((outcome) => (closedRuns.add(p.run.workflowId), outcome)));

  let kills = 0;
  const t0 = Date.now();
  for (const p of planned) {
    const reached = await waitForPoint(rig, p, () => closedRuns.has(p.run.workflowId));
    await rig.worker!.kill9();
    kills += 1;
    const killedAt = Date.now() - t0;
    await rig.respawn();
    options.log?.(
      `seed ${p.seed}: kill -9 ${describePoint(p.point)}${reached ? '' : ' (the run had already finished)'} at +${killedAt} ms, new worker at ` +
        `+${Date.now() - t0} ms`,
    );
  }

  const outcomes = await Promise.all(settled);
  if (process.env.FAULT_DEBUG) {
    for (const p of planned) {
      const history = await p.run.handle.fetchHistory();
      const events = history.events ?? [];
      const first = Number(events[0]?.eventTime?.seconds ?? 0) * 1000 + Math.floor((events[0]?.eventTime?.nanos ?? 0) / 1e6);
      options.log?.(`seed ${p.seed} history:`);
      for (const e of events) {
        const at = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6) - first;
        const attrs = JSON.stringify(
          e.activityTaskScheduledEventAttributes?.activityType ??
            e.activityTaskTimedOutEventAttributes?.failure?.message ??
            e.workflowTaskTimedOutEventAttributes?.timeoutType ??
            '',
        );
        options.log?.(`  +${at} ${e.eventType} ${attrs}`);
      }
    }
  }
  options.log?.(`batch ${options.seeds.join(',')}: all runs closed at +${Date.now() - t0} ms`);
  let allSurvived = true;
  for (const [i, p] of planned.entries()) {
    let comparison;
    try {
      expect(outcomes[i], `seed ${p.seed}: the workflow completes`).toBe('completed');
      comparison = await expectCompletedLikeBaseline(rig.store, p.run.workflowId, options.baseline, FAULT_SOURCES);
    } catch (error) {
      allSurvived = false;
      comparison = compareToBaseline(options.baseline, await runEvidence(rig.store, p.run.workflowId, FAULT_SOURCES));
      options.tally.notes.push(`FAILED: seed ${p.seed} killed ${describePoint(p.point)}: ${(error as Error).message.split('\n')[0]}`);
      throw error;
    } finally {
      options.tally.run(comparison);
    }
  }
  options.tally.fault(kills, allSurvived);
}

/** Polls until the run reaches its kill point; false when the run finished first. */
async function waitForPoint(rig: KillRig, p: PlannedRun, closed: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 300_000;
  const runId = p.run.workflowId;
  const reached = async (): Promise<boolean> => {
    switch (p.point.kind) {
      case 'time':
        return Date.now() - p.startedAt >= p.point.ms;
      case 'plan':
        return (await rig.store.getRun(runId)) !== undefined;
      case 'pages': {
        const progress = await Promise.all(FAULT_SOURCES.map((s) => rig.store.sourceProgress(runId, s)));
        return progress.reduce((sum, x) => sum + x.pages, 0) >= p.point.pages;
      }
      case 'build':
        return (await rig.store.runArtifacts(runId)).length >= p.point.artifacts;
    }
  };
  for (;;) {
    if (await reached()) return true;
    if (closed()) return false;
    if (Date.now() > deadline) throw new Error(`seed ${p.seed}: kill point ${describePoint(p.point)} not reached within 300 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The setup both kill matrices share: a rig on the dev server, an undisturbed baseline and its shape, the tally printed at the end. */
export function killSuite(
  label: string,
  fleet: FleetSpec,
  latencyMs: number,
): () => { rig: KillRig; baseline: RunEvidence; shape: RunShape; token: string; tally: Tally } {
  const token = randomUUID();
  const tally = new Tally(label);
  let ready: { rig: KillRig; baseline: RunEvidence; shape: RunShape } | undefined;
  let rig: KillRig | undefined;
  beforeAll(async () => {
    rig = await killRig(inject('temporalAddress'));
    ready = { rig, ...(await killBaseline(rig, fleet, token, latencyMs)) };
  }, 180_000);
  afterAll(async () => {
    tally.print();
    await rig?.close();
  });
  return () => ({ ...ready!, token, tally });
}
