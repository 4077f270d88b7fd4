import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSource, type SourceCheckpoint } from '../../src/collector/page-source.js';
import type { CollectorDeps } from '../../src/collector/deps.js';
import { estimateCost } from '../../src/collector/cost-estimate.js';
import type { Connection, SourceOutcome } from '../../src/store/index.js';
import { FAILURES } from '../../src/failures/index.js';
import type { IruHttp } from '../../src/iru/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { ROUTES, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { tempStore } from '../helpers/store.js';

/**
 * A denied source read through its route must be known as such from the store alone: a worker that dies after storing
 * pages may lose its last heartbeat (the checkpoint that said "route"), and the retry starts from a fresh checkpoint.
 */
const NO_FILEVAULT = randomUUID();
const ROUTE = 'devices?filevault_enabled=true|false';
const SOURCE = 'prism-filevault';
const storage = tempStore();
let sim: RunningSimulator;
let connection: Connection;
const deps: CollectorDeps = {
  store: storage.store,
  logger: createLogger({ test: true }, { LOG_LEVEL: 'silent' }),
  budget: { perSecond: 200, maxConcurrent: 4 },
};

const fresh = (): SourceCheckpoint => ({ cursor: null, requests: 0, rateLimitWaitMs: 0, failures: 0 });
const requestsTo = (path: string, from: number) => sim.requestLog.slice(from).filter((r) => r.path === path);

async function newRun(): Promise<string> {
  const runId = randomUUID();
  await storage.store.startRun({ id: runId, connectionId: connection.id, workflowId: `wf-${runId}`, startedAt: new Date().toISOString() });
  return runId;
}

function read(runId: string, checkpoint: SourceCheckpoint, onPage: () => void = () => {}): Promise<SourceOutcome> {
  return pageSource(deps, { connection, runId, source: { name: SOURCE }, checkpoint, signal: new AbortController().signal, onPage });
}

async function storedRows(runId: string): Promise<string[]> {
  const rows: string[] = [];
  for await (const page of storage.store.pages<Record<string, unknown>>(runId, SOURCE))
    for (const row of page.rows) rows.push(`${String(row.device_id)}:${String(row.filevault_enabled)}`);
  return rows.sort();
}

beforeAll(async () => {
  sim = await startSimulator({
    fleet: { seed: 16, devices: 60 },
    tokens: { [NO_FILEVAULT]: { permissions: ROUTES.map((r) => r.permission).filter((p) => p !== '/api/v1/prism/filevault') } },
  });
  connection = await storage.store.saveConnection({ name: `durable-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: NO_FILEVAULT });
}, 60_000);

afterAll(async () => {
  await sim.close();
  await storage.cleanup();
});

describe('the denied route is known from the stored pages, not only from the heartbeat', () => {
  it('a retry that lost the checkpoint after every page was stored reports the route and the missing permission, without a request', async () => {
    const runId = await newRun();
    const first = await read(runId, fresh());
    expect(first).toMatchObject({ status: 'succeeded', via: ROUTE, error: null, denied: { code: FAILURES.permission_denied.code } });
    expect(first.denied!.message).toContain('"FileVault" (Prism › Prism, GET /api/v1/prism/filevault)');
    expect(first.denied!.message).toContain('GET /api/v1/devices?filevault_enabled=true|false');
    expect(first.denied!.remedy).toContain('FileVault');
    expect(first.pages).toBeGreaterThanOrEqual(2); // one list per FileVault state at least

    const before = sim.requestLog.length;
    const retried = await read(runId, fresh()); // the worker died; its last heartbeat (deniedRoute) is lost
    expect(sim.requestLog.length).toBe(before);
    expect(retried).toMatchObject({ status: 'succeeded', via: ROUTE, records: first.records, pages: first.pages, denied: first.denied });
  });

  it('a retry that lost the checkpoint mid-route resumes the route from the stored cursor, with the rows of an uninterrupted read', async () => {
    const clean = await newRun();
    await read(clean, fresh());

    const runId = await newRun();
    const crashing = fresh();
    await expect(
      read(runId, crashing, () => {
        if (crashing.deniedRoute) throw new Error('worker killed after storing the route page');
      }),
    ).rejects.toThrow('worker killed');
    const progress = await storage.store.sourceProgress(runId, SOURCE);
    expect(progress.pages).toBe(1);
    expect(progress.resumeFrom).toMatchObject({ route: ROUTE });

    const before = sim.requestLog.length;
    const resumed = await read(runId, fresh());
    expect(resumed).toMatchObject({ status: 'succeeded', via: ROUTE, denied: { code: FAILURES.permission_denied.code } });
    // Resumed on /devices after the stored page: the refused endpoint is not asked again, no /devices page is read twice.
    expect(requestsTo('/api/v1/prism/filevault', before)).toEqual([]);
    expect(requestsTo('/api/v1/devices', before).length).toBe(resumed.pages - 1);
    expect(await storedRows(runId)).toEqual(await storedRows(clean));
  });
});

describe('the plan counts a denied route the previous run took', () => {
  it('estimates the refused request and the route lists, not the route pages alone', async () => {
    const http = { stats: { requests: 0 } } as unknown as IruHttp; // every source has a previous run: nothing is asked
    const outcome = (name: string, pages: number, extra: Partial<SourceOutcome> = {}): SourceOutcome => ({
      name,
      status: 'succeeded',
      records: 60,
      pages,
      requests: pages,
      rateLimitWaitMs: 0,
      durationMs: 1,
      error: null,
      ...extra,
    });
    const viaRoute = await estimateCost(
      http,
      ['devices', SOURCE],
      [outcome('devices', 1), outcome(SOURCE, 2, { via: ROUTE, denied: { code: FAILURES.permission_denied.code, message: 'x' } })],
    );
    expect(viaRoute.sources).toEqual([
      { name: 'devices', requests: 1, basis: 'previous-run' },
      { name: SOURCE, requests: 3, basis: 'previous-run' }, // the 403 on /prism/filevault, then /devices?filevault_enabled=true and =false
    ]);
    expect(viaRoute.requests).toBe(4);
    const own = await estimateCost(http, [SOURCE], [outcome(SOURCE, 1)]);
    expect(own.sources).toEqual([{ name: SOURCE, requests: 1, basis: 'previous-run' }]);
  });
});
