import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { askWorkflow } from '../../src/temporal/workflow-progress.js';
import { issueApiKey } from '../../src/web/auth/api-keys.js';
import { createUser } from '../../src/web/auth/users.js';
import { buildWebApp } from '../../src/web/server.js';
import { OpenApiValidator } from '../helpers/openapi.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';

/**
 * The compliance platform's whole loop over HTTP only (no CLI, no store access after setup): connect a tenant, schedule
 * it, start runs, hear of them by signed webhook, and sync only what changed. Real Temporal dev server, simulator, app
 * server on 127.0.0.1 and webhook receiver on 127.0.0.1; every response is checked against the served OpenAPI document.
 */

const TOKEN = randomUUID();
const storage = tempStore();
let temporal: TemporalHarness;
let sim: RunningSimulator;
let app: FastifyInstance;
let base: string;
let adminKey: string;
let readKey: string;
let validator: OpenApiValidator;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}
const received: Received[] = [];
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  temporal = await temporalHarness();
  // A slow tenant and a small budget: a run lasts a few seconds, long enough to ask for a second one during it.
  await temporal.startWorker({ store: storage.store, budget: { perSecond: 15, maxConcurrent: 2 } });
  sim = await startSimulator({ fleet: { seed: 23, devices: 40, tenant: 'acme' }, tokens: { [TOKEN]: { permissions: 'all' } }, latencyMs: 60 });

  // Setup only: the first admin and their API keys, as `iru-evidence users create-admin` and the admin page would make them.
  const owner = await createUser(storage.store, { username: 'owner', password: 'correct horse battery staple', role: 'admin' });
  const issue = async (scope: string) =>
    (await issueApiKey(storage.store, { name: `platform ${scope}`, scope, createdBy: 'owner', createdByUserId: owner.id }, new Date())).key;
  adminKey = await issue('admin');
  readKey = await issue('read');

  // The receiver refuses the very first delivery (503): the dispatcher must try it again.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = received.length === 0 ? 503 : 200;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/iru`;

  app = await buildWebApp({
    store: storage.store,
    temporal: async () => ({ client: temporal.client, namespace: temporal.client.options.namespace, taskQueue: temporal.taskQueue }),
    askWorkflow: askWorkflow(temporal.client),
    webhookDelivery: { pollIntervalMs: 100, retry: { initialDelayMs: 300, maxAttempts: 4 } },
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await temporal?.close();
  await sim?.close();
  await storage.cleanup();
});

interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One request to the running app; its answer is validated against the served document before the test sees it. */
async function api<T = any>(
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const key = options.key === undefined ? adminKey : options.key;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  validator.validate({ method, url: path, status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: text });
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T, text };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The signature check a receiver makes, written from the header's documented format: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">. */
function signedBy(secret: string, delivery: Received): boolean {
  const header = String(delivery.headers['iru-evidence-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const [, t, v1] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1!, 'hex'));
}

function deliveredEvents(type: string): { id: string; type: string; createdAt: string; data: any }[] {
  return received
    .filter((d) => d.answered === 200)
    .map((d) => JSON.parse(d.body))
    .filter((e) => e.type === type);
}

describe('the HTTP API, end to end', () => {
  it('serves its OpenAPI 3.1 document without sign-in, and that document validates its own answer', async () => {
    const response = await fetch(`${base}/api/v1/openapi.json`);
    const text = await response.text();
    const document = JSON.parse(text);
    expect(response.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    validator = new OpenApiValidator(document);
    validator.validate({ method: 'GET', url: '/api/v1/openapi.json', status: 200, contentType: response.headers.get('content-type') ?? undefined, body: text });
  });

  let secret: string;
  let webhookId: string;
  let firstSync: { cursor: string; at: string; ids: string[] };

  it('connects a tenant (token tested first, never echoed), schedules it, and registers a webhook', async () => {
    const refused = await api('POST', '/api/v1/connections', { body: { name: 'acme', baseUrl: sim.url, token: randomUUID() } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('connection_test_failed');
    expect((await api('GET', '/api/v1/connections')).body.total).toBe(0);

    const created = await api('POST', '/api/v1/connections', { body: { name: 'acme', baseUrl: sim.url, token: TOKEN } });
    expect(created.status).toBe(201);
    expect(created.body.connection).toMatchObject({ name: 'acme', baseUrl: `${sim.url}/`, status: 'ok' });
    expect(created.text).not.toContain(TOKEN);
    expect((await api('POST', '/api/v1/connections', { body: { name: 'acme', baseUrl: sim.url, token: TOKEN } })).body.error.code).toBe('conflict');

    expect((await api('GET', '/api/v1/connections/acme/schedule')).status).toBe(404);
    const scheduled = await api('PUT', '/api/v1/connections/acme/schedule', { body: { every: '12h', catchupWindow: '30m' } });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.schedule).toMatchObject({ connection: 'acme', every: '12h', catchupWindow: '30m', paused: false });
    const next = Date.parse(scheduled.body.schedule.nextRunAt);
    expect(next).toBeGreaterThan(Date.now());
    expect(next).toBeLessThanOrEqual(Date.now() + 12 * 3_600_000);
    const paused = await api('POST', '/api/v1/connections/acme/schedule/pause', { body: { note: 'quiet period' } });
    expect(paused.body.schedule).toMatchObject({ paused: true, note: 'quiet period', nextRunAt: null });
    expect((await api('POST', '/api/v1/connections/acme/schedule/resume')).body.schedule.paused).toBe(false);
    const badEvery = await api('PUT', '/api/v1/connections/acme/schedule', { body: { every: 'daily' } });
    expect(badEvery.body.error).toMatchObject({ code: 'bad_input', status: 400 });

    const forbidden = await api('POST', '/api/v1/webhooks', { key: readKey, body: { url: receiverUrl } });
    expect(forbidden.body.error.code).toBe('forbidden');
    expect((await api('POST', '/api/v1/webhooks', { body: { url: 'http://hooks.example.com/x' } })).body.error.code).toBe('bad_input');
    const hook = await api('POST', '/api/v1/webhooks', { body: { url: receiverUrl, events: ['run.completed', 'artifact.published'] } });
    expect(hook.status).toBe(201);
    secret = hook.body.secret;
    webhookId = hook.body.webhook.id;
    const listed = await api('GET', '/api/v1/webhooks');
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toEqual([webhookId]);
    expect(listed.text).not.toContain(secret);
  });

  /** Starts a run by client key and follows it to its signed run.completed webhook; returns the run's published Artifact ids. */
  async function runThroughWebhook(key: string): Promise<{ runId: string; artifactIds: string[] }> {
    const started = await api('POST', '/api/v1/connections/acme/runs', { headers: { 'idempotency-key': key } });
    expect(started.status).toBe(202);
    expect(started.body.outcome).toBe('started');
    const runId: string = started.body.run.id;
    expect(started.headers.get('location')).toBe(`/api/v1/runs/${encodeURIComponent(runId)}`);

    const again = await api('POST', '/api/v1/connections/acme/runs', { body: { clientKey: key } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'same_key', run: { id: runId } });

    // Once it is under way: another key gets the running run, not a second collection; a trigger is refused, naming it.
    const running = await until('the run to be running', async () => {
      const run = await api('GET', `/api/v1/runs/${encodeURIComponent(runId)}`);
      return run.body.status === 'running' && run.body.progress ? run.body : undefined;
    });
    expect(running.progress.runId).toBe(runId);
    const other = await api('POST', '/api/v1/connections/acme/runs', { headers: { 'idempotency-key': `${key}-other` } });
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ outcome: 'in_progress', run: { id: runId } });
    const trigger = await api('POST', '/api/v1/connections/acme/schedule/trigger');
    expect(trigger.status).toBe(409);
    expect(trigger.body.error.code).toBe('run_in_progress');
    expect(trigger.body.error.message).toContain(runId);

    const completed = await until('the signed run.completed webhook', async () => deliveredEvents('run.completed').find((e) => e.data.runId === runId));
    const delivery = received.find((d) => d.answered === 200 && JSON.parse(d.body).id === completed.id)!;
    expect(signedBy(secret, delivery)).toBe(true);
    expect(signedBy('whsec_not-the-secret', delivery)).toBe(false);
    expect(delivery.headers['iru-evidence-event-id']).toBe(completed.id);
    expect(delivery.headers['iru-evidence-event-type']).toBe('run.completed');
    expect(completed.data.status).toBe('succeeded');

    const run = await api('GET', `/api/v1/runs/${encodeURIComponent(runId)}`);
    expect(run.body).toMatchObject({ id: runId, status: 'succeeded', progress: null });
    const artifactIds = run.body.artifactIds.map((a: { id: string }) => a.id).sort();
    expect(completed.data.artifacts.map((a: { id: string }) => a.id).sort()).toEqual(artifactIds);
    const published = await until('an artifact.published webhook per Artifact', async () => {
      const ids = deliveredEvents('artifact.published')
        .filter((e) => e.data.runId === runId)
        .map((e) => e.data.artifactId as string);
      return ids.length === artifactIds.length ? ids.sort() : undefined;
    });
    expect(published).toEqual(artifactIds);
    return { runId, artifactIds };
  }

  /** Every page of a sync from `query`, following nextCursor; the Artifact ids and the syncCursor to keep. */
  async function sync(query: string): Promise<{ ids: string[]; syncCursor: string | null; pages: number }> {
    const ids: string[] = [];
    let path = `/api/v1/artifacts?limit=5&${query}`;
    for (let pages = 1; ; pages++) {
      const page = await api('GET', path);
      expect(page.status).toBe(200);
      ids.push(...page.body.artifacts.map((a: { id: string }) => a.id));
      if (!page.body.nextCursor) return { ids: ids.sort(), syncCursor: page.body.syncCursor, pages };
      const next = `/api/v1/artifacts?${new URLSearchParams({ limit: '5', ...Object.fromEntries(new URLSearchParams(query)), cursor: page.body.nextCursor })}`;
      expect(page.headers.get('link')).toBe(`<${next}>; rel="next"`);
      path = next;
    }
  }

  it('runs a collection, hears of it by signed webhook, and syncs its Artifacts', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const { artifactIds } = await runThroughWebhook('platform-sync-1');
    const first = await sync(new URLSearchParams({ updatedSince: before }).toString());
    expect(first.ids).toEqual(artifactIds);
    expect(first.pages).toBeGreaterThan(1);
    firstSync = { cursor: first.syncCursor!, at: new Date().toISOString(), ids: first.ids };

    // The receiver refused the first delivery: it was tried again, and both attempts are on record.
    const deliveries = await api('GET', `/api/v1/webhooks/${webhookId}/deliveries`);
    const retried = deliveries.body.deliveries.find((d: { attempts: number }) => d.attempts === 2);
    expect(retried).toMatchObject({ status: 'delivered', lastStatusCode: 200, lastError: null });
    expect(deliveries.body.deliveries.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
  });

  it('a later run: the sync since the last one returns exactly its Artifacts, and a sync after that returns none', async () => {
    const { artifactIds } = await runThroughWebhook('platform-sync-2');
    expect(artifactIds.some((id) => firstSync.ids.includes(id))).toBe(false);

    const byCursor = await sync(new URLSearchParams({ cursor: firstSync.cursor }).toString());
    expect(byCursor.ids).toEqual(artifactIds);
    const byTime = await sync(new URLSearchParams({ updatedSince: firstSync.at }).toString());
    expect(byTime.ids).toEqual(artifactIds);

    const nothing = await api('GET', `/api/v1/artifacts?${new URLSearchParams({ cursor: byCursor.syncCursor! })}`);
    expect(nothing.body).toMatchObject({ artifacts: [], nextCursor: null, syncCursor: byCursor.syncCursor });

    // ETags: an unchanged list or Artifact answers 304 with no body; an Artifact document's ETag is its sha256.
    const list = await api('GET', '/api/v1/artifacts?connection=acme');
    const etag = list.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const unchanged = await api('GET', '/api/v1/artifacts?connection=acme', { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    const document = await fetch(`${base}/api/v1/artifacts/${artifactIds[0]}/document`, { headers: { authorization: `Bearer ${readKey}` } });
    const sha256 = JSON.parse(await document.text()).sha256;
    expect(document.headers.get('etag')).toBe(`"${sha256}"`);
    expect((await api('GET', `/api/v1/artifacts/${artifactIds[0]}/document`, { key: readKey, headers: { 'if-none-match': `"${sha256}"` } })).status).toBe(304);

    // Runs, newest first, paged; and since a time.
    const runs = await api('GET', '/api/v1/runs?connection=acme&limit=1');
    expect(runs.body.runs).toHaveLength(1);
    const older = await api('GET', `/api/v1/runs?${new URLSearchParams({ connection: 'acme', limit: '1', cursor: runs.body.nextCursor })}`);
    expect(older.body.runs).toHaveLength(1);
    expect(older.body.nextCursor).toBeNull();
    expect(older.body.runs[0].startedAt < runs.body.runs[0].startedAt).toBe(true);
    expect((await api('GET', `/api/v1/runs?${new URLSearchParams({ updatedSince: firstSync.at })}`)).body.runs.map((r: { id: string }) => r.id)).toEqual([
      runs.body.runs[0].id,
    ]);

    // Records a page at a time by cursor.
    const records = await api('GET', `/api/v1/artifacts/${artifactIds[0]}/records?pageSize=1`);
    if (records.body.total > 1) {
      const second = await api('GET', `/api/v1/artifacts/${artifactIds[0]}/records?${new URLSearchParams({ cursor: records.body.nextCursor })}`);
      expect(second.body.page).toBe(2);
    }
  });

  it('answers errors with a stable code, a message and a remedy', async () => {
    const cases: [string, string, number, string][] = [
      ['GET', '/api/v1/runs/no-such-run', 404, 'not_found'],
      ['GET', '/api/v1/artifacts?updatedSince=yesterday', 400, 'bad_input'],
      ['GET', '/api/v1/artifacts?cursor=not-a-cursor', 400, 'bad_input'],
      ['GET', '/api/v1/connections/nope/schedule', 404, 'not_found'],
      ['POST', '/api/v1/connections/nope/runs', 404, 'not_found'],
    ];
    for (const [method, path, status, code] of cases) {
      const answer = await api(method, path);
      expect([answer.status, answer.body.error.code], `${method} ${path}`).toEqual([status, code]);
      expect(answer.body.error.remedy.length).toBeGreaterThan(10);
    }
    expect((await api('GET', '/api/v1/runs', { key: null })).body.error.code).toBe('unauthorized');
    // An address the document does not describe still answers in the same shape.
    const nowhere = await fetch(`${base}/api/v1/nothing-here`, { headers: { authorization: `Bearer ${readKey}` } });
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toEqual({
      error: { code: 'not_found', message: 'Nothing at GET /api/v1/nothing-here', remedy: expect.any(String), status: 404 },
    });
    expect((await api('POST', '/api/v1/connections/acme/runs', { key: readKey })).body.error.code).toBe('forbidden');
  });

  it('deletes the schedule and the webhook; every answer of this suite matched the served document', async () => {
    expect((await api('DELETE', '/api/v1/connections/acme/schedule')).status).toBe(204);
    expect((await api('GET', '/api/v1/connections/acme/schedule')).status).toBe(404);
    expect((await api('DELETE', `/api/v1/webhooks/${webhookId}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/webhooks/${webhookId}`)).status).toBe(404);
    const statuses = new Set(validator.checked.map((c) => c.split(' ').at(-1)));
    expect([...statuses].sort()).toEqual(['200', '201', '202', '204', '304', '400', '401', '403', '404', '409', '422']);
  });
});
