import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources, type Checkpoints, type CollectSourcesInput } from '../../src/collector/collect-sources.js';
import type { CollectorDeps } from '../../src/collector/deps.js';
import { pageSource, type SourceCheckpoint } from '../../src/collector/page-source.js';
import { planCollection } from '../../src/collector/plan-collection.js';
import { ConnectionNotFoundError, ERROR_TYPES, SourcesToRetryError, UnknownSourceError } from '../../src/failures/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import type { Connection } from '../../src/store/index.js';
import { tempStore } from '../helpers/store.js';

/**
 * Planning, paging one source and collecting a run's sources, called as plain functions: no Temporal, the simulator on
 * 127.0.0.1 as the tenant. 601 devices are three pages of /devices (300 a page, pages overlapping by 5 rows).
 */
const TOKEN = randomUUID();
const DEVICES = 601;
const storage = tempStore();
const logger = createLogger({ test: true }, { LOG_LEVEL: 'silent' });
const deps: CollectorDeps = { store: storage.store, logger, budget: { perSecond: 200, maxConcurrent: 4 } };
let sim: RunningSimulator;
let connection: Connection;

const fresh = (): SourceCheckpoint => ({ cursor: null, requests: 0, rateLimitWaitMs: 0, failures: 0 });
const requestsSince = (from: number, path?: string) => sim.requestLog.slice(from).filter((r) => path === undefined || r.path === path);
const retry = { maximumAttempts: 3, initialIntervalMs: 1_000, maximumIntervalMs: 60_000 };

async function newRun(): Promise<string> {
  const runId = randomUUID();
  await storage.store.startRun({ id: runId, connectionId: connection.id, workflowId: `wf-${runId}`, startedAt: new Date().toISOString() });
  return runId;
}

async function storedIds(runId: string, source: string, key: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const page of storage.store.pages<Record<string, unknown>>(runId, source)) for (const row of page.rows) ids.add(String(row[key]));
  return [...ids].sort();
}

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 17, devices: DEVICES }, tokens: { [TOKEN]: { permissions: 'all' } } });
  connection = await storage.store.saveConnection({ name: `unit-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: TOKEN });
}, 60_000);

afterAll(async () => {
  await sim.close();
  await storage.cleanup();
});

describe('planCollection', () => {
  it('records the run and, without a previous run, estimates /devices from its X-Total-Count', async () => {
    const runId = randomUUID();
    const startedAt = new Date().toISOString();
    const plan = await planCollection(deps, { connectionId: connection.id, runId, workflowId: `wf-${runId}`, startedAt, sources: ['devices'] });
    expect(await storage.store.getRun(runId)).toMatchObject({ id: runId, status: 'running', startedAt });
    expect(plan.phases).toEqual([[{ name: 'devices', priority: 0 }]]);
    expect(plan.estimate).toEqual({ requests: 3, probeRequests: 1, sources: [{ name: 'devices', requests: 3, basis: 'count' }] });
    expect(plan.waitMs).toBe(0);
  });

  it('adds the parents a per-parent source is read for, each phase after its parent', async () => {
    const runId = randomUUID();
    const startedAt = new Date().toISOString();
    const plan = await planCollection(deps, { connectionId: connection.id, runId, workflowId: `wf-${runId}`, startedAt, sources: ['library-item-status'] });
    expect(plan.phases.map((phase) => phase.map(({ name, parent }) => ({ name, parent })))).toEqual([
      [{ name: 'blueprints', parent: undefined }],
      [{ name: 'blueprint-library-items', parent: 'blueprints' }],
      [{ name: 'library-item-status', parent: 'blueprint-library-items' }],
    ]);
  });

  it('refuses an unknown source and an unknown connection with typed errors, before asking Iru', async () => {
    const before = sim.requestLog.length;
    const runId = randomUUID();
    const input = { connectionId: connection.id, runId, workflowId: `wf-${runId}`, startedAt: new Date().toISOString() };
    const unknownSource = await planCollection(deps, { ...input, sources: ['devices', 'no-such-source'] }).catch((error: unknown) => error);
    expect(unknownSource).toBeInstanceOf(UnknownSourceError);
    expect(unknownSource).toMatchObject({ code: ERROR_TYPES.unknownSource, message: expect.stringContaining('no-such-source') });
    const unknownConnection = await planCollection(deps, { ...input, connectionId: 'no-such-connection' }).catch((error: unknown) => error);
    expect(unknownConnection).toBeInstanceOf(ConnectionNotFoundError);
    expect(unknownConnection).toMatchObject({ code: ERROR_TYPES.connectionNotFound });
    expect(requestsSince(before)).toHaveLength(0);
  });
});

describe('pageSource', () => {
  it('stores every device of the fleet, moving the checkpoint after each page', async () => {
    const runId = await newRun();
    const checkpoint = fresh();
    const cursors: unknown[] = [];
    const before = sim.requestLog.length;
    const onPage = () => cursors.push(checkpoint.cursor);
    const outcome = await pageSource(deps, { connection, runId, source: { name: 'devices' }, checkpoint, signal: new AbortController().signal, onPage });
    expect(outcome).toMatchObject({ name: 'devices', status: 'succeeded', records: DEVICES, pages: 3, requests: 3, error: null });
    expect(cursors).toHaveLength(3);
    expect(cursors.at(-1)).toBeNull();
    expect(requestsSince(before, '/api/v1/devices')).toHaveLength(3);
    const fleetIds = [...sim.fleet.devices()].map((d) => d.id).sort();
    expect(await storedIds(runId, 'devices', 'device_id')).toEqual(fleetIds);
  });

  /** A run that has read the Blueprints and their library items, and pages any source of it from scratch. */
  async function withLibraryItems() {
    const runId = await newRun();
    const page = (name: string) =>
      pageSource(deps, { connection, runId, source: { name }, checkpoint: fresh(), signal: new AbortController().signal, onPage: () => {} });
    await page('blueprints');
    await page('blueprint-library-items');
    return { runId, page };
  }

  it('leaves out a library item deleted during the collection (404 on its status list), says so, and reads every other one', async () => {
    const { runId, page } = await withLibraryItems();
    const items = await storedIds(runId, 'blueprint-library-items', 'id');
    expect(items.length, 'the fleet has several library items').toBeGreaterThan(2);
    const deleted = items[1]!;
    sim.inject({ path: `/api/v1/library/library-items/${deleted}/status`, kind: 'status', status: 404, times: 5 });
    try {
      const outcome = await page('library-item-status');
      expect(outcome).toMatchObject({ name: 'library-item-status', status: 'succeeded', gone: 1, error: null });
      expect(await storedIds(runId, 'library-item-status', 'parent_id')).toEqual(items.filter((id) => id !== deleted));
    } finally {
      sim.clearFaults();
    }
  });

  it('fails a per-item source whose every item answers 404: the endpoint is missing, not the items', async () => {
    const { page } = await withLibraryItems();
    sim.inject({ path: /^\/api\/v1\/library\/library-items\/[^/]+\/status$/, kind: 'status', status: 404, times: 10_000 });
    try {
      await expect(page('library-item-status')).rejects.toMatchObject({ code: ERROR_TYPES.notFound });
    } finally {
      sim.clearFaults();
    }
  });

  it('stops when its signal is aborted', async () => {
    const runId = await newRun();
    const abort = new AbortController();
    const checkpoint = fresh();
    const read = pageSource(deps, { connection, runId, source: { name: 'devices' }, checkpoint, signal: abort.signal, onPage: () => abort.abort() });
    await expect(read).rejects.toThrow();
    expect((await storage.store.sourceProgress(runId, 'devices')).pages).toBe(1);
  });
});

describe('collectSources', () => {
  const input = (runId: string): CollectSourcesInput => ({
    connectionId: connection.id,
    runId,
    sources: [{ name: 'devices' }, { name: 'users' }],
    retry,
    attemptLimit: 10,
  });

  it('collects the sources, heartbeating their checkpoints, and a later attempt from those checkpoints asks Iru nothing', async () => {
    const runId = await newRun();
    const beats: Checkpoints[] = [];
    const attempt = { attempt: 1, heartbeat: (c: Checkpoints) => beats.push(structuredClone(c)), keepAliveMs: 1_000, signal: new AbortController().signal };
    const outcomes = await collectSources(deps, input(runId), attempt);
    expect(outcomes.map(({ name, status, records }) => ({ name, status, records }))).toEqual([
      { name: 'devices', status: 'succeeded', records: DEVICES },
      { name: 'users', status: 'succeeded', records: sim.fleet.userCount },
    ]);
    expect(beats.length).toBeGreaterThanOrEqual(4); // three pages of devices, at least one of users, and the last word
    const last = beats.at(-1)!;
    expect(Object.keys(last).sort()).toEqual(['devices', 'users']);

    const before = sim.requestLog.length;
    const again = await collectSources(deps, input(runId), { ...attempt, attempt: 2, checkpoints: last });
    expect(again).toEqual(outcomes);
    expect(requestsSince(before)).toHaveLength(0);
  });

  it('asks for another attempt after the backoff when a source fails transiently, and that attempt reads only that source', async () => {
    const runId = await newRun();
    sim.inject({ path: '/api/v1/users', kind: 'status', status: 500, times: 4 }); // the HTTP client's 4 tries of one request
    let last: Checkpoints = {};
    const attempt = { attempt: 1, heartbeat: (c: Checkpoints) => (last = structuredClone(c)), keepAliveMs: 1_000, signal: new AbortController().signal };
    const failed = await collectSources(deps, input(runId), attempt).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(SourcesToRetryError);
    expect(failed).toMatchObject({ code: ERROR_TYPES.sourcesToRetry, retryDelayMs: retry.initialIntervalMs });
    expect((failed as Error).message).toContain('users (attempt 1)');
    expect(last.devices?.outcome).toMatchObject({ status: 'succeeded', records: DEVICES });
    expect(last.users).toMatchObject({ failures: 1 });

    const before = sim.requestLog.length;
    const outcomes = await collectSources(deps, input(runId), { ...attempt, attempt: 2, checkpoints: last });
    expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
    expect(new Set(requestsSince(before).map((r) => r.path))).toEqual(new Set(['/api/v1/users']));
  }, 30_000);

  it('settles a source still failing on the last attempt as failed, naming the failure', async () => {
    const runId = await newRun();
    sim.inject({ path: '/api/v1/users', kind: 'status', status: 500, times: 4 });
    const attempt = { attempt: 10, heartbeat: () => {}, keepAliveMs: 1_000, signal: new AbortController().signal };
    const outcomes = await collectSources(deps, input(runId), attempt);
    expect(outcomes[1]).toMatchObject({ name: 'users', status: 'failed', records: 0, error: { code: 'transient' } });
  }, 30_000);
});
