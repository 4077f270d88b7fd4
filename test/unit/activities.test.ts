import { randomUUID } from 'node:crypto';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import type { Checkpoints, CollectSourcesInput } from '../../src/collector/collect-sources.js';
import type { Connection, RunSummary, SourceOutcome } from '../../src/store/index.js';
import { ConnectionNotFoundError, ERROR_TYPES, FAILURES } from '../../src/failures/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { tempStore } from '../helpers/store.js';

/**
 * The activities under MockActivityEnvironment: no Temporal server, the simulator as the tenant. They heartbeat, stop
 * when cancelled, and fail with the failure vocabulary's types (activities/activity-failure.ts).
 */
const TOKEN = randomUUID();
const DEVICES = 601; // three pages of /devices
const storage = tempStore();
const paused: { connectionName: string; note: string }[] = [];
const deps: ActivityDeps = {
  store: storage.store,
  logger: createLogger({ test: true }, { LOG_LEVEL: 'silent' }),
  budget: { perSecond: 200, maxConcurrent: 4 },
  pauseSchedule: async (connectionName, note) => void paused.push({ connectionName, note }),
};
const activities = createActivities(deps);
let sim: RunningSimulator;
let connection: Connection;

/** The SDK logs every failed activity at warn level: the failures here are expected. */
function mockEnvironment(info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {}): MockActivityEnvironment {
  return new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
}

async function newRun(): Promise<string> {
  const runId = randomUUID();
  await storage.store.startRun({ id: runId, connectionId: connection.id, workflowId: `wf-${runId}`, startedAt: new Date().toISOString() });
  return runId;
}

const collectInput = (runId: string, sources = ['devices']): CollectSourcesInput => ({
  connectionId: connection.id,
  runId,
  sources: sources.map((name) => ({ name })),
  retry: { maximumAttempts: 3, initialIntervalMs: 2_000, maximumIntervalMs: 60_000 },
  attemptLimit: 10,
});

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 23, devices: DEVICES }, tokens: { [TOKEN]: { permissions: 'all' } } });
  connection = await storage.store.saveConnection({ name: `unit-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: TOKEN });
}, 60_000);

afterAll(async () => {
  await sim.close();
  await storage.cleanup();
});

describe('collectSources activity', () => {
  it('heartbeats each page with the checkpoints; an attempt given them asks Iru nothing', async () => {
    const runId = await newRun();
    const env = mockEnvironment({ heartbeatTimeoutMs: 30_000 });
    const beats: Checkpoints[] = [];
    env.on('heartbeat', (details: Checkpoints) => beats.push(structuredClone(details)));
    const outcomes: SourceOutcome[] = await env.run(activities.collectSources, collectInput(runId));
    expect(outcomes).toMatchObject([{ name: 'devices', status: 'succeeded', records: DEVICES, pages: 3 }]);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats[0]!.devices).toMatchObject({ requests: 1, failures: 0 });
    expect(beats.at(-1)!.devices!.outcome).toEqual(outcomes[0]);

    const before = sim.requestLog.length;
    const retried = mockEnvironment({ attempt: 2, heartbeatTimeoutMs: 30_000, heartbeatDetails: beats.at(-1) });
    expect(await retried.run(activities.collectSources, collectInput(runId))).toEqual(outcomes);
    expect(sim.requestLog.length).toBe(before);
  });

  it('stops reading when cancelled, leaving the pages stored so far for the next attempt', async () => {
    const runId = await newRun();
    const env = mockEnvironment({ heartbeatTimeoutMs: 30_000 });
    env.once('heartbeat', () => env.cancel());
    const before = sim.requestLog.length;
    await expect(env.run(activities.collectSources, collectInput(runId))).rejects.toBeInstanceOf(CancelledFailure);
    expect(sim.requestLog.slice(before).filter((r) => r.path === '/api/v1/devices').length).toBeLessThan(3);
    expect((await storage.store.sourceProgress(runId, 'devices')).pages).toBe(1);
  });

  it('fails retryably with SOURCES_TO_RETRY and the backoff as the next retry delay when a source may get through later', async () => {
    const runId = await newRun();
    sim.inject({ path: '/api/v1/users', kind: 'status', status: 503, times: 4 }); // every try of the HTTP client
    const env = mockEnvironment({ heartbeatTimeoutMs: 30_000 });
    const failure = await env.run(activities.collectSources, collectInput(runId, ['users'])).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: ERROR_TYPES.sourcesToRetry, nonRetryable: false, nextRetryDelay: 2_000 });
  }, 30_000);
});

describe('failure mapping', () => {
  it('an unknown connection is a non-retryable CONNECTION_NOT_FOUND, with the typed error as its cause', async () => {
    const env = mockEnvironment();
    const input = { connectionId: 'no-such-connection', runId: 'r', workflowId: 'w', startedAt: new Date().toISOString() };
    const failure = await env.run(activities.planCollection, input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: ERROR_TYPES.connectionNotFound, nonRetryable: true, message: 'No connection with id no-such-connection' });
    expect((failure as ApplicationFailure).cause).toBeInstanceOf(ConnectionNotFoundError);
  });

  it('an unknown source and an unknown Artifact type are non-retryable, typed by the vocabulary', async () => {
    const env = mockEnvironment();
    const runId = randomUUID();
    const plan = { connectionId: connection.id, runId, workflowId: `wf-${runId}`, startedAt: new Date().toISOString(), sources: ['nope'] };
    await expect(env.run(activities.planCollection, plan)).rejects.toMatchObject({ type: ERROR_TYPES.unknownSource, nonRetryable: true });
    const build = { connectionId: connection.id, runId, type: 'no-such-artifact', sources: [] };
    await expect(env.run(activities.buildArtifact, build)).rejects.toMatchObject({ type: ERROR_TYPES.unknownArtifact, nonRetryable: true });
  });
});

describe('reviewConnectionHealth activity', () => {
  it('marks a connection whose token was rejected as needing attention and pauses its schedule through the injected control', async () => {
    const own = await storage.store.saveConnection({ name: `rejected-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: TOKEN });
    const now = new Date().toISOString();
    const error = { code: FAILURES.token_rejected.code, message: 'Iru rejected the API token.' };
    const summary: RunSummary = {
      runId: randomUUID(),
      connectionId: own.id,
      status: 'failed',
      startedAt: now,
      finishedAt: now,
      sources: [],
      artifacts: [],
      notEvaluable: [],
      error,
    };
    const webhookId = `whk_${randomUUID()}`;
    await storage.store.createWebhook({
      id: webhookId,
      url: 'https://hooks.example.com/x',
      events: ['connection.needs_attention'],
      secret: 's',
      createdBy: 't',
      createdAt: now,
    });
    const verdict = await mockEnvironment().run(activities.reviewConnectionHealth, summary);
    expect(verdict).toEqual({ status: 'needs_attention', reason: error.message });
    expect(paused).toEqual([{ connectionName: own.name, note: `needs attention: ${error.message}` }]);
    expect(await storage.store.getConnection(own.id)).toMatchObject({ status: 'needs_attention' });
    // The webhook event is in the outbox, for whichever process delivers webhooks.
    await storage.store.enqueueDeliveries(now);
    const due = (await storage.store.claimDueDeliveries(now, now, 10)).filter((d) => d.delivery.webhookId === webhookId);
    expect(due.map((d) => [d.event.type, d.event.data])).toEqual([
      ['connection.needs_attention', { connectionId: own.id, connection: own.name, reason: error.message, remedy: null, runId: summary.runId }],
    ]);
  });
});
