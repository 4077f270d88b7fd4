// Scale-out: three worker processes (as on three hosts) on one Temporal server, sharing one PostgreSQL store and one
// Redis budget, collect five simulated tenants at once. The Artifacts must equal those of a single worker on SQLite,
// no tenant may see more than its budget in any window, and the work must be spread over the workers.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeAllLimiters } from '../../src/iru/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import type { EvidenceStore } from '../../src/store/types.js';
import { collectionWorkflowId } from '../../src/temporal/client.js';
import { COLLECT_WORKFLOW } from '../../src/temporal-contract.js';
import type { collectEvidence } from '../../workflows/index.js';
import { collectOnce } from '../helpers/collect.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres-server.js';
import { startRedis } from '../helpers/redis-server.js';
import { spawnWorker, type WorkerProcess } from '../helpers/spawn-worker.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, workflowBundle, type TemporalHarness } from '../helpers/temporal.js';
import { activityWorkers, requestsPerWindow, windowsOverBudget } from './observations.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';

const TOKEN = randomUUID();
const SEEDS = [201, 202, 203, 204, 205];
const DEVICES = 1_500;
const SOURCES = ['devices', 'prism-filevault', 'blueprints', 'blueprint-library-items', 'library-item-status'];
/** A 4 s "hour": each tenant's quota is 60 per window and our share 30, while a collection needs about 60 requests. */
const WINDOW_MS = 4_000;
const BUDGET = { hourlyQuota: 60, share: 0.5, windowMs: WINDOW_MS, perSecond: 20, maxConcurrent: 2 };
const SHARE_PER_WINDOW = BUDGET.hourlyQuota * BUDGET.share;

const dir = mkdtempSync(path.join(tmpdir(), 'iru-scale-'));
const key = randomBytes(32);
const simulators: RunningSimulator[] = [];
let temporal: TemporalHarness;
let postgres: RunningPostgres;

beforeAll(async () => {
  [temporal, postgres] = await Promise.all([temporalHarness(), startPostgres()]);
});

afterAll(async () => {
  await temporal?.close();
  await closeAllLimiters();
  await Promise.all(simulators.map((s) => s.close()));
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function tenants(extra: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<RunningSimulator[]> {
  return Promise.all(
    SEEDS.map(async (seed) => {
      const sim = await startSimulator({ fleet: { seed, devices: DEVICES, now: FLEET_NOW }, tokens: { [TOKEN]: { permissions: 'all' } }, ...extra });
      simulators.push(sim);
      return sim;
    }),
  );
}

/** contentSha256 by type, without collection-run (it describes the run itself: its requests, waits and workers). */
async function evidenceOf(store: EvidenceStore, connectionId: string): Promise<Record<string, string>> {
  const current = await store.currentArtifacts(connectionId);
  return Object.fromEntries(current.filter((a) => a.type !== 'collection-run').map((a) => [a.type, a.contentSha256]));
}

/** The reference: the same five tenants collected by one in-process worker on the embedded SQLite store. */
async function singleWorkerEvidence(): Promise<Record<string, string>[]> {
  const sqlite = tempStore();
  const worker = await temporal.startWorker({ store: sqlite.store, budget: { perSecond: 200, maxConcurrent: 4 } });
  try {
    const sims = await tenants();
    const runs = await Promise.all(
      sims.map((sim, i) =>
        collectOnce(temporal.client, temporal.taskQueue, sqlite.store, { baseUrl: sim.url, token: TOKEN, name: `single-${SEEDS[i]}`, sources: SOURCES }),
      ),
    );
    for (const run of runs) expect(run.summary.status).toBe('succeeded');
    return await Promise.all(runs.map((run) => evidenceOf(sqlite.store, run.connectionId)));
  } finally {
    await worker.stop();
    await sqlite.cleanup();
  }
}

describe('three workers sharing PostgreSQL and a Redis budget', () => {
  it(
    'collect five tenants at once into the same Artifacts as one worker, within every tenant budget, spread over the workers',
    { timeout: 300_000 },
    async () => {
      const expected = await singleWorkerEvidence();
      for (const evidence of expected) expect(Object.keys(evidence).length).toBeGreaterThan(3);

      const redis = await startRedis();
      const databaseUrl = await postgres.createDatabase();
      const store = new PostgresStore(databaseUrl, new TokenCipher(key));
      const bundleFile = path.join(dir, 'workflows.js');
      writeFileSync(bundleFile, (await workflowBundle()).code);
      const taskQueue = `scale-${randomUUID()}`;
      const workers: WorkerProcess[] = [];
      try {
        // Few activity slots per worker, as on a loaded host: no single worker can take every tenant's sources.
        workers.push(
          ...(await Promise.all(
            [1, 2, 3].map(() =>
              spawnWorker({
                address: inject('temporalAddress'),
                taskQueue,
                databaseUrl,
                storeKey: key.toString('base64'),
                budget: BUDGET,
                redisUrl: redis.url,
                workflowBundleFile: bundleFile,
                maxConcurrentActivityTaskExecutions: 4,
              }),
            ),
          )),
        );
        const sims = await tenants({ rateLimit: { perHour: BUDGET.hourlyQuota, hourWindowMs: WINDOW_MS } });
        const started = Date.now();
        const runs = await Promise.all(
          sims.map(async (sim, i) => {
            const connection = await store.saveConnection({ name: `scaled-${SEEDS[i]}`, baseUrl: sim.url, token: TOKEN });
            const workflowId = collectionWorkflowId(connection.name);
            const handle = await temporal.client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, {
              taskQueue,
              workflowId,
              args: [{ connectionId: connection.id, sources: SOURCES }],
            });
            return { connectionId: connection.id, workflowId, summary: await handle.result() };
          }),
        );
        const wallMs = Date.now() - started;

        const windows = sims.map((sim) => [...requestsPerWindow(sim.requestLog, WINDOW_MS).values()]);
        const hosts = workers.map((w) => `${w.child.pid}@`);
        const workerOf = (identity: string) => hosts.findIndex((prefix) => identity.startsWith(prefix));
        const perTenant = await Promise.all(runs.map(async (run) => (await activityWorkers(temporal.client, run.workflowId)).map(workerOf)));
        const byWorker = [0, 1, 2].map((w) => perTenant.flat().filter((x) => x === w).length);
        console.log(
          JSON.stringify({
            scale: {
              tenants: SEEDS.length,
              devicesEach: DEVICES,
              wallSeconds: +(wallMs / 1000).toFixed(1),
              requestsPerTenant: sims.map((s) => s.requestLog.length),
              requestsPerWindow: windows,
              activitiesPerWorker: byWorker,
              workersPerTenant: perTenant.map((used) => new Set(used).size),
            },
          }),
        );

        // 1. The same evidence as one worker, tenant by tenant.
        for (const [i, run] of runs.entries()) {
          expect(run.summary.status).toBe('succeeded');
          expect(await evidenceOf(store, run.connectionId), `tenant ${SEEDS[i]}`).toEqual(expected[i]);
        }

        // 2. Every tenant stayed within its share in every window, across the three workers; none was ever refused.
        for (const [i, counts] of windows.entries()) {
          expect(counts.length, `tenant ${SEEDS[i]} needed more than one window`).toBeGreaterThanOrEqual(2);
          expect(
            windowsOverBudget(sims[i]!.requestLog, WINDOW_MS, SHARE_PER_WINDOW),
            `tenant ${SEEDS[i]}: windows above its share of ${SHARE_PER_WINDOW}`,
          ).toEqual([]);
          expect(sims[i]!.requestLog.filter((r) => r.status === 429)).toEqual([]);
        }

        // 3. Tenants spread over the workers, and one tenant's sources over several of them.
        for (const used of perTenant) expect(used.every((w) => w >= 0)).toBe(true);
        expect(
          byWorker.every((n) => n > 0),
          `activities per worker: ${byWorker.join(', ')}`,
        ).toBe(true);
        expect(perTenant.filter((used) => new Set(used).size > 1).length).toBeGreaterThanOrEqual(1);
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        await store.close();
        await redis.stop();
      }
    },
  );
});
