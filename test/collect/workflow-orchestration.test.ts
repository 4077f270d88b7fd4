import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Activities } from '../../activities/index.js';
import type { CollectionPlan } from '../../src/collector/plan-collection.js';
import type { EventWindow } from '../../src/evidence/index.js';
import { ERROR_TYPES } from '../../src/failures/index.js';
import type { ArtifactRef, RunSummary, SourceOutcome } from '../../src/store/index.js';
import { COLLECT_WORKFLOW, progressQuery, type CollectEvidenceInput, type CollectionProgress } from '../../src/temporal-contract.js';
import type { collectEvidence } from '../../workflows/index.js';
import { workflowBundle } from '../helpers/temporal.js';

/**
 * The collection workflow's orchestration: the real workflow code on the suite's Temporal dev server, its activities
 * replaced by stubs that record their calls and return hand-written results (no store, simulator or HTTP). Expected
 * values are written from the workflow's documented behaviour (workflows/collect-evidence.ts, src/collector/run-result.ts).
 */

type Call = { [K in keyof Activities]: { name: K; arg: Parameters<Activities[K]>[0]; at: number } }[keyof Activities];

/** What the stubs answer: planCollection's plan (or the error it throws), collectSources' outcomes, whether collecting waits for `release()`. */
interface StubSet {
  plan: CollectionPlan | Error;
  outcomes?: SourceOutcome[];
  gated?: boolean;
}

/** A started run: its handle, every stub call in order, when collectSources was called, and what lets a gated collectSources return. */
interface Run {
  handle: WorkflowHandle<typeof collectEvidence>;
  calls: Call[];
  collectStarted: Promise<void>;
  release(): void;
}

const CONNECTION = `conn-${randomUUID().slice(0, 8)}`;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace: inject('temporalNamespace') });
});

afterAll(() => connection?.close());

function outcome(name: string, records: number, error: SourceOutcome['error'] = null): SourceOutcome {
  return { name, status: error ? 'failed' : 'succeeded', records, pages: 1, requests: 2, rateLimitWaitMs: 0, durationMs: 40, error };
}

/** What the buildArtifact stub returns for an Artifact type. */
function ref(type: string): ArtifactRef {
  return { id: `artifact-${type}`, type, sha256: `sha-${type}`, contentSha256: `content-${type}`, records: 7 };
}

/** The workflow with these stubs, on a worker and task queue of its own, shut down when `body` is done. */
async function runWorkflow<T>(stubs: StubSet, input: Omit<CollectEvidenceInput, 'connectionId'>, body: (run: Run) => Promise<T>): Promise<T> {
  const calls: Call[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started = () => {};
  const collectStarted = new Promise<void>((resolve) => (started = resolve));
  const answers: Activities = {
    planCollection: async () => (stubs.plan instanceof Error ? Promise.reject(stubs.plan) : stubs.plan),
    async collectSources() {
      started();
      if (stubs.gated) await gate;
      return stubs.outcomes ?? [];
    },
    buildArtifact: async ({ type }) => ref(type),
    publishRun: async () => {},
    reviewConnectionHealth: async () => ({ status: 'ok' }),
  };
  const recorded = Object.entries(answers).map(([name, answer]) => {
    const stub = (arg: never) => {
      calls.push({ name, arg, at: Date.now() } as Call);
      return answer(arg);
    };
    return [name, stub];
  });
  const [address, namespace, taskQueue] = [inject('temporalAddress'), inject('temporalNamespace'), `orchestration-${randomUUID()}`];
  const nativeConnection = await NativeConnection.connect({ address });
  try {
    const activities = Object.fromEntries(recorded) as Activities;
    const worker = await Worker.create({ connection: nativeConnection, namespace, taskQueue, workflowBundle: await workflowBundle(), activities });
    return await worker.runUntil(async () => {
      const args: [CollectEvidenceInput] = [{ connectionId: CONNECTION, ...input }];
      const handle = await client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, { taskQueue, workflowId: `orchestration-${randomUUID()}`, args });
      try {
        return await body({ handle, calls, collectStarted, release });
      } finally {
        release(); // a blocked stub would hold up the worker's shutdown
      }
    });
  } finally {
    await nativeConnection.close();
  }
}

/** Queries progress until it leaves `stage` (a query before the first workflow task completes is refused). */
async function progressAfter(handle: Run['handle'], stage: CollectionProgress['stage']): Promise<CollectionProgress> {
  for (let tries = 0; tries < 500; tries++) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress && progress.stage !== stage) return progress;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`progress still ${stage}`);
}

/** A workflow timestamp (the server's clock, on this host): an ISO instant between `before` and now. */
function expectInstant(iso: string, before: number) {
  expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(Date.parse(iso)).toBeGreaterThanOrEqual(before - 1000);
  expect(Date.parse(iso)).toBeLessThanOrEqual(Date.now());
}

const ESTIMATE = [
  { name: 'devices', requests: 4, basis: 'count' as const },
  { name: 'audit-events', requests: 1, basis: 'minimum' as const },
  { name: 'blueprint-library-items', requests: 2, basis: 'previous-run' as const },
  { name: 'library-item-status', requests: 6, basis: 'previous-run' as const },
];
const AUDIT_QUERY = { start_date: '2026-11-30T23:00:00.000Z', end_date: '2026-12-01T00:00:00.000Z' };
/** The admin-activity window as planned: it continues the current Artifact, so the run reads the last hour. */
const AUDIT_WINDOW = {
  ...{ days: 365, from: '2025-12-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', historyDays: 365 },
  ...{ completeFrom: '2025-12-01T00:00:00.000Z', readFrom: AUDIT_QUERY.start_date, continues: 'art_000000000000000000000001' },
};
const FIRST_PHASE = [
  { name: 'devices', priority: 1 },
  { name: 'audit-events', query: AUDIT_QUERY, priority: 3 },
  { name: 'blueprint-library-items', priority: 0 },
];
const SECOND_PHASE = [{ name: 'library-item-status', parent: 'blueprint-library-items', priority: 2 }];
const ARTIFACTS = [
  { type: 'collection-run', sources: [] },
  { type: 'device-inventory', sources: ['devices'], optionalSources: [] },
  { type: 'admin-activity', sources: ['audit-events'], optionalSources: [], window: AUDIT_WINDOW },
  { type: 'library-item-compliance', sources: ['blueprint-library-items', 'library-item-status'], optionalSources: [] },
];
const ESTIMATED = { requests: 13, probeRequests: 2, sources: ESTIMATE };
const PLAN: CollectionPlan = {
  phases: [FIRST_PHASE, SECOND_PHASE],
  estimate: ESTIMATED,
  budgetLeft: 5000,
  waitMs: 0,
  windowEndSource: 'clock-hour',
  artifacts: ARTIFACTS,
};
const DEVICES = outcome('devices', 120);
const AUDIT = outcome('audit-events', 35);
const ITEMS = outcome('blueprint-library-items', 3);
const ITEM_STATUS = outcome('library-item-status', 360);
const OUTCOMES = [DEVICES, AUDIT, ITEMS, ITEM_STATUS];
const PLAN_RECORD = { estimatedRequests: 13, probeRequests: 2, budgetLeft: 5000, waitedMs: 0, windowEndSource: 'clock-hour' as const, sources: ESTIMATE };
/** The progress of the plan above before any source is in. */
const NOTHING_COLLECTED = { sourcesDone: 0, sourcesTotal: 4, sources: [], estimatedRequests: 13, estimate: ESTIMATE };
/** The workflow's default retry of a source: 6 attempts, from 2 s doubling to 5 minutes. */
const SOURCE_RETRY = { maximumAttempts: 6, initialIntervalMs: 2000, maximumIntervalMs: 300_000 };

describe('the collection workflow with stub activities', () => {
  it('plans, collects, builds each planned Artifact, publishes the run and reviews the connection, in that order', async () => {
    const before = Date.now();
    const selected = ['devices', 'audit-events', 'library-item-status'];
    await runWorkflow({ plan: PLAN, outcomes: OUTCOMES }, { sources: selected }, async ({ handle, calls }) => {
      const summary = await handle.result();
      const runId = handle.workflowId;
      const { startedAt, finishedAt } = summary;
      expect(summary).toEqual({
        ...{ runId, connectionId: CONNECTION, status: 'succeeded', startedAt, finishedAt, sources: OUTCOMES },
        artifacts: [ref('device-inventory'), ref('admin-activity'), ref('library-item-compliance'), ref('collection-run')],
        ...{ notEvaluable: [], error: null, plan: PLAN_RECORD },
      } satisfies RunSummary);
      expectInstant(startedAt, before);
      expectInstant(finishedAt, Date.parse(startedAt));

      const build = (type: string, sources: SourceOutcome[], window?: EventWindow) => [
        'buildArtifact',
        { connectionId: CONNECTION, runId, type, sources, ...(window ? { window } : {}) },
      ];
      expect(calls.map((c) => [c.name, c.arg])).toEqual([
        ['planCollection', { connectionId: CONNECTION, runId, workflowId: runId, startedAt, sources: selected }],
        // Every planned source, phase after phase; 29 attempts: 6 for each of 4 sources, and 5 lost workers.
        ['collectSources', { connectionId: CONNECTION, runId, sources: [...FIRST_PHASE, ...SECOND_PHASE], retry: SOURCE_RETRY, attemptLimit: 29 }],
        build('device-inventory', [DEVICES]),
        build('admin-activity', [AUDIT], AUDIT_WINDOW), // with the window it was planned with, so a rebuild is the same
        build('library-item-compliance', [ITEMS, ITEM_STATUS]),
        build('collection-run', OUTCOMES), // about the run: after those of sources, from every outcome
        ['publishRun', summary],
        ['reviewConnectionHealth', summary],
      ]);
    });
  });

  it('answers the progress query while collection runs: collecting, none of its 4 sources done; then done', async () => {
    await runWorkflow({ plan: PLAN, outcomes: OUTCOMES, gated: true }, {}, async ({ handle, collectStarted, release }) => {
      await collectStarted;
      expect(await handle.query(progressQuery)).toEqual({ stage: 'collecting', ...NOTHING_COLLECTED });
      release();
      expect((await handle.result()).status).toBe('succeeded');
      expect(await handle.query(progressQuery)).toEqual({
        ...{ stage: 'done', sourcesDone: 4, sourcesTotal: 4, estimatedRequests: 13, estimate: ESTIMATE, artifactsBuilt: 4, artifactsTotal: 4 },
        sources: [
          { name: 'devices', status: 'succeeded', records: 120, requests: 2 },
          { name: 'audit-events', status: 'succeeded', records: 35, requests: 2 },
          { name: 'blueprint-library-items', status: 'succeeded', records: 3, requests: 2 },
          { name: 'library-item-status', status: 'succeeded', records: 360, requests: 2 },
        ],
      });
    });
  });

  it('waits for the budget window the plan asks for, saying when collection resumes, then collects', async () => {
    const before = Date.now();
    await runWorkflow({ plan: { ...PLAN, waitMs: 2000 }, outcomes: OUTCOMES, gated: true }, {}, async ({ handle, calls, collectStarted, release }) => {
      const waiting = await progressAfter(handle, 'planning');
      const queriedAt = Date.now();
      expect(waiting).toEqual({ stage: 'waiting-for-budget', resumesAt: expect.any(String), ...NOTHING_COLLECTED });
      const resumesAt = Date.parse(waiting.resumesAt!);
      expect(resumesAt).toBeGreaterThanOrEqual(before + 2000);
      expect(resumesAt).toBeLessThanOrEqual(queriedAt + 2000);
      expect(calls.map((c) => c.name)).toEqual(['planCollection']);

      await collectStarted;
      expect(calls[1]!.name).toBe('collectSources');
      expect(calls[1]!.at).toBeGreaterThanOrEqual(resumesAt - 50); // started by the timer, not before
      expect(await handle.query(progressQuery)).toEqual({ stage: 'collecting', resumesAt: waiting.resumesAt, ...NOTHING_COLLECTED });
      release();
      const summary = await handle.result();
      expect(summary.status).toBe('succeeded');
      expect(summary.plan).toEqual({ ...PLAN_RECORD, waitedMs: 2000 });
    });
  });

  it('builds no Artifact from a source that failed for good, lists it not evaluable and ends partial', async () => {
    const invalid = { code: 'invalid_response', message: 'Iru answered /api/v1/threat-details with an undocumented shape.' };
    const [devices, threats] = [outcome('devices', 50), outcome('threats', 0, invalid)];
    const plan: CollectionPlan = {
      ...PLAN,
      phases: [[devices, threats].map(({ name }, priority) => ({ name, priority }))],
      artifacts: [
        { type: 'device-inventory', sources: ['devices'] },
        { type: 'threat-detections', sources: ['threats'] },
        { type: 'collection-run', sources: [] },
      ],
    };
    await runWorkflow({ plan, outcomes: [devices, threats] }, {}, async ({ handle, calls }) => {
      const summary = await handle.result();
      expect(summary).toMatchObject({
        status: 'partial',
        sources: [devices, threats],
        artifacts: [ref('device-inventory'), ref('collection-run')],
        // Any failure but a denied permission is reported as `transient` (notEvaluable in src/collector/run-result.ts).
        notEvaluable: [{ type: 'threat-detections', reason: 'transient', sources: ['threats'] }],
        error: null,
      });
      const runId = handle.workflowId;
      expect(calls.map((c) => [c.name, c.arg])).toEqual([
        ['planCollection', expect.objectContaining({ runId })],
        ['collectSources', expect.objectContaining({ runId })],
        ['buildArtifact', { connectionId: CONNECTION, runId, type: 'device-inventory', sources: [devices] }],
        ['buildArtifact', { connectionId: CONNECTION, runId, type: 'collection-run', sources: [devices, threats] }],
        ['publishRun', summary],
        ['reviewConnectionHealth', summary],
      ]);
    });
  });

  it('fails with the type of a non-retryable planning failure, recording the failed run without collecting, building or publishing Artifacts', async () => {
    const message = `Connection ${CONNECTION} is not saved.`;
    const before = Date.now();
    await runWorkflow({ plan: ApplicationFailure.nonRetryable(message, ERROR_TYPES.connectionNotFound) }, {}, async ({ handle, calls }) => {
      const error = await handle.result().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      const cause = (error as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause).toMatchObject({ type: 'CONNECTION_NOT_FOUND', message, nonRetryable: true });

      expect(calls.map((c) => c.name)).toEqual(['planCollection', 'publishRun', 'reviewConnectionHealth']); // planned once: not retried
      const failed = calls[1]!.arg as RunSummary;
      const { startedAt, finishedAt } = failed;
      expect(failed).toEqual({
        ...{ runId: handle.workflowId, connectionId: CONNECTION, status: 'failed', startedAt, finishedAt },
        ...{ sources: [], artifacts: [], notEvaluable: [], error: { code: 'connection_not_found', message } },
      } satisfies RunSummary);
      expectInstant(startedAt, before);
      expect(calls[2]!.arg).toEqual(failed);
    });
  });
});
