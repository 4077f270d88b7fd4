import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { diagnoseConnection } from '../../src/diagnose/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { tokenFingerprint, type Connection, type RunSummary } from '../../src/store/index.js';
import type { TemporalAccess } from '../../src/temporal/connection-control.js';
import { DEFAULT_SCHEDULE, deleteSchedule, describeSchedule, setSchedule } from '../../src/temporal/schedules.js';
import { sql } from '../helpers/store-sql.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { deviceRecord, seedRun } from './helpers/seed.js';
import { seedUsers, signIn, testApp, type Session } from './helpers/web.js';

const CHROMIUM = '/usr/bin/chromium';
const GOOD = randomUUID();
const NEW = randomUUID();
const storage = tempStore();
const schedules: string[] = [];
let sim: RunningSimulator;
let temporal: TemporalHarness;
let access: TemporalAccess;
let app: FastifyInstance;
let alice: Session;
let audrey: Session;

beforeAll(async () => {
  await seedUsers(storage.store);
  // Latency keeps a collection running for a few seconds, long enough to ask for another one during it.
  sim = await startSimulator({ fleet: { seed: 11, devices: 30 }, tokens: { [GOOD]: { permissions: 'all' }, [NEW]: { permissions: 'all' } }, latencyMs: 150 });
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store });
  access = { client: temporal.client, namespace: inject('temporalNamespace'), taskQueue: temporal.taskQueue };
  app = await testApp({ store: storage.store, temporal: async () => access, diagnose: (target) => diagnoseConnection(target) });
  alice = await signIn(app, 'alice');
  audrey = await signIn(app, 'audrey');
}, 120_000);

afterAll(async () => {
  await Promise.all(schedules.map((name) => deleteSchedule(temporal.client, name).catch(() => false)));
  await app?.close();
  await temporal?.close();
  await sim?.close();
  await storage.cleanup();
});

const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function connectionTo(prefix: string, token = GOOD): Promise<Connection> {
  const name = uniqueName(prefix);
  schedules.push(name);
  return storage.store.saveConnection({ name, baseUrl: sim.url, token });
}

function post(target: FastifyInstance, session: Session, url: string, fields: Record<string, string> = {}) {
  return target.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: session.csrf }).toString(),
  });
}

const page = (target: FastifyInstance, session: Session, url: string) => target.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

async function rawCiphertext(connection: Connection): Promise<Buffer> {
  const [row] = await sql<{ c: Buffer }>(storage.store, 'SELECT token_ciphertext AS c FROM connections WHERE id = ?', [connection.id]);
  return Buffer.from(row!.c);
}

async function finished(runId: string): Promise<void> {
  await expect.poll(async () => (await storage.store.getRun(runId))?.status, { timeout: 90_000, interval: 250 }).not.toBe('running');
}

describe('the connection page', () => {
  it('shows status with the attention warning, tenant, fingerprint (never the token), runs and each denied permission with its remedy', async () => {
    const connection = await connectionTo('denied');
    const runId = `collect-${connection.name}-${randomUUID()}`;
    const startedAt = '2026-01-05T10:00:00.000Z';
    const finishedAt = '2026-01-05T10:01:30.000Z';
    await storage.store.startRun({ id: runId, connectionId: connection.id, workflowId: runId, startedAt });
    const source = (name: string, requests: number) => ({
      name,
      status: 'succeeded' as const,
      records: 5,
      pages: requests,
      requests,
      rateLimitWaitMs: 0,
      durationMs: 10,
      error: null,
    });
    const denied = {
      code: 'permission_denied',
      message: 'The API token lacks the GET permission Users > Users > View users; Iru answered 403.',
      remedy: 'In Iru, open Access > API tokens, edit this token\'s Permissions and enable "View users".',
    };
    const summary: RunSummary = {
      runId,
      connectionId: connection.id,
      status: 'partial',
      startedAt,
      finishedAt,
      sources: [
        source('devices', 3),
        { ...source('users', 1), status: 'failed', records: 0, error: denied },
        { ...source('prism-filevault', 2), via: '/api/v1/devices', denied },
      ],
      artifacts: [],
      notEvaluable: [{ type: 'user-assignment', reason: 'permission_denied', sources: ['users'] }],
      error: null,
    };
    await storage.store.publishRun(runId, { status: 'partial', finishedAt, summary });

    const response = await page(app, audrey, `/connections/${connection.name}`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain(`<h1>Connection ${connection.name}</h1>`);
    expect(body).toMatch(/data-attention="partial"[^]*users: The API token lacks the GET permission Users &gt; Users &gt; View users/);
    expect(body).toContain(`<code data-fingerprint>${connection.tokenFingerprint}</code>`);
    expect(body).not.toContain(GOOD);
    expect(body).toContain(`<code>${sim.url}</code>`);
    expect(body).toContain('48 h');
    // The run: status, duration and requests (3 + 1 + 2).
    expect(body).toMatch(new RegExp(`<tr data-run="${runId}">[^]*?partial[^]*?90 s</td><td class="num">6</td>`));
    // Each denied permission: lost evidence for users, complete evidence (read another way) for FileVault, both with the fix.
    expect(body).toMatch(/<tr class="denied" data-source="users">[^]*evidence lost[^]*In Iru, open Access &gt; API tokens, edit this token&#39;s Permissions/);
    expect(body).toMatch(/<tr class="denied" data-source="prism-filevault">[^]*evidence complete, read via <code>\/api\/v1\/devices<\/code>/);
    expect(body).toContain(`href="/?connection=${connection.name}"`);
    // An auditor sees no action and may not act.
    expect(body).not.toContain('Collect now');
    expect((await post(app, audrey, `/connections/${connection.name}/collect`)).statusCode).toBe(403);
    expect((await post(app, audrey, `/connections/${connection.name}/delete`, { confirm: connection.name })).statusCode).toBe(403);
    // An admin sees them; an action without the CSRF token is refused.
    expect((await page(app, alice, `/connections/${connection.name}`)).body).toContain('Collect now');
    const forged = await app.inject({ method: 'POST', url: `/connections/${connection.name}/collect`, headers: { cookie: alice.cookie } });
    expect(forged.statusCode).toBe(403);
    expect((await page(app, alice, '/connections/no-such-connection')).statusCode).toBe(404);
  });

  it('collect now starts a collection through Temporal and opens its run; asked again during it, returns the same run; delete waits for it', async () => {
    const connection = await connectionTo('collect');
    const first = await post(app, alice, `/connections/${connection.name}/collect`);
    expect(first.statusCode, first.body.slice(0, 2000)).toBe(303);
    const location = first.headers.location as string;
    expect(location).toMatch(new RegExp(`^/runs/collect-${connection.name}-[0-9a-f-]{36}$`));
    const runId = decodeURIComponent(location.slice('/runs/'.length));
    expect((await storage.store.getRun(runId))?.status).toBe('running');

    const again = await post(app, alice, `/connections/${connection.name}/collect`);
    expect(again.headers.location).toBe(location);
    const refused = await post(app, alice, `/connections/${connection.name}/delete`, { confirm: connection.name });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(`A collection of &quot;${connection.name}&quot; is running (run ${runId})`);
    expect((await storage.store.getConnection(connection.id))?.deletedAt).toBeNull();

    await finished(runId);
    expect((await storage.store.getRun(runId))?.status).toBe('succeeded');
    expect((await storage.store.findRuns({ connectionId: connection.id })).map((r) => r.id)).toEqual([runId]);
    const after = (await page(app, alice, `/connections/${connection.name}`)).body;
    expect(after).toMatch(new RegExp(`<tr data-run="${runId}">[^]*?succeeded`));
    expect(after).toContain('data-permissions="all"');
    expect(Number(/data-artifacts="(\d+)"/.exec(after)![1])).toBeGreaterThan(5);
  }, 120_000);

  it('says clearly that nothing was started when Temporal is not reachable, or when no worker serves the task queue', async () => {
    const connection = await connectionTo('offline');
    const withoutTemporal = await testApp({ store: storage.store });
    try {
      const session = await signIn(withoutTemporal, 'alice');
      const shown = (await page(withoutTemporal, session, `/connections/${connection.name}`)).body;
      expect(shown).toContain('Schedule unknown: Temporal is not reachable from the web app');
      const refused = await post(withoutTemporal, session, `/connections/${connection.name}/collect`);
      expect(refused.statusCode).toBe(503);
      expect(refused.body).toContain('Temporal is not reachable, so no collection was started. Run &#96;iru-evidence dev&#96;');
      const pause = await post(withoutTemporal, session, `/connections/${connection.name}/pause`);
      expect(pause.statusCode).toBe(503);
    } finally {
      await withoutTemporal.close();
    }
    const idleQueue = `idle-${randomUUID()}`;
    const noWorker = await testApp({ store: storage.store, temporal: async () => ({ ...access, taskQueue: idleQueue }) });
    try {
      const refused = await post(noWorker, await signIn(noWorker, 'alice'), `/connections/${connection.name}/collect`);
      expect(refused.statusCode).toBe(503);
      expect(refused.body).toContain(`No worker is serving the task queue &quot;${idleQueue}&quot;, so nothing was started. Start a worker`);
    } finally {
      await noWorker.close();
    }
    expect(await storage.store.findRuns({ connectionId: connection.id })).toEqual([]);
  });

  it('rotates the token only after the new one passes the connection test; the fingerprint changes and the old token is gone', async () => {
    const connection = await connectionTo('rotate');
    const url = `/connections/${connection.name}/rotate-token`;
    const malformed = await post(app, alice, url, { token: 'not a token' });
    expect(malformed.statusCode).toBe(400);
    const rejected = await post(app, alice, url, { token: randomUUID() });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.body).toContain('The new token did not pass the connection test: the old token is kept.');
    expect(rejected.body).toContain('data-verdict="token_rejected"');
    expect(await storage.store.readToken(connection.id)).toBe(GOOD);
    expect(rejected.body).toContain(`<code data-fingerprint>${tokenFingerprint(GOOD)}</code>`);

    const rotated = await post(app, alice, url, { token: NEW });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.body).toContain(`fingerprint <code>${tokenFingerprint(GOOD)}</code> → <code>${tokenFingerprint(NEW)}</code>`);
    expect(rotated.body).toContain(`<code data-fingerprint>${tokenFingerprint(NEW)}</code>`);
    expect(rotated.body).not.toContain(NEW);
    expect(await storage.store.readToken(connection.id)).toBe(NEW);
    expect((await storage.store.getConnection(connection.id))?.id).toBe(connection.id);
  });

  it('creates, pauses and resumes the schedule; delete (the name typed) removes schedule and token and keeps the evidence browsable', async () => {
    const connection = await connectionTo('lifecycle');
    const { artifacts } = await seedRun(storage.store, connection, {
      collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      artifacts: [{ type: 'device-inventory', records: [deviceRecord(1), deviceRecord(2)] }],
    });
    const url = (verb: string) => `/connections/${connection.name}/${verb}`;
    expect((await page(app, alice, url('').slice(0, -1))).body).toContain('data-schedule="none"');
    expect((await post(app, alice, url('pause'))).statusCode).toBe(404);

    expect((await post(app, alice, url('schedule'))).statusCode).toBe(200);
    expect((await describeSchedule(temporal.client, connection.name))?.state.paused).toBe(false);
    const paused = await post(app, alice, url('pause'));
    expect(paused.body).toContain('data-schedule="paused"');
    expect((await describeSchedule(temporal.client, connection.name))?.state.paused).toBe(true);
    expect((await describeSchedule(temporal.client, connection.name))?.state.note).toBe('paused by alice from the web app');
    const resumed = await post(app, alice, url('resume'));
    expect(resumed.body).toMatch(/data-schedule="active">every 24 h ·\s+active; next runs <time/);
    expect((await describeSchedule(temporal.client, connection.name))?.state.paused).toBe(false);

    const wrong = await post(app, alice, url('delete'), { confirm: 'something else' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain(`Type the connection&#39;s name, &quot;${connection.name}&quot;, to delete it. Nothing was deleted.`);
    expect((await rawCiphertext(connection)).length).toBeGreaterThan(0);

    const deleted = await post(app, alice, url('delete'), { confirm: connection.name });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain(`Deleted ${connection.name} and its schedule; its token was destroyed.`);
    expect(deleted.body).toMatch(/<strong>Deleted<\/strong> <time[^>]*>[^<]*<\/time> by alice/);
    expect(deleted.body).not.toContain('Collect now');
    expect((await rawCiphertext(connection)).length).toBe(0);
    expect(await describeSchedule(temporal.client, connection.name)).toBeUndefined();
    await expect(storage.store.readToken(connection.id)).rejects.toThrow(/was deleted/);
    // The evidence is still there, on its own page and scoped to the connection.
    const artifact = await page(app, audrey, `/artifacts/${artifacts[0]!.id}`);
    expect(artifact.statusCode).toBe(200);
    expect((await page(app, audrey, `/connections/${connection.name}`)).body).toContain('<span data-artifacts="1">1</span>');
    expect((await page(app, audrey, `/?connection=${connection.name}`)).statusCode).toBe(200);
    // Hidden from the list and from "all connections" by default, each saying so.
    expect((await page(app, audrey, '/connections')).body).not.toContain(`data-connection="${connection.name}"`);
    expect((await page(app, audrey, '/connections')).body).toContain('Show deleted');
    expect((await page(app, audrey, '/connections?include=deleted')).body).toContain(`data-connection="${connection.name}" class="deleted"`);
    expect((await page(app, audrey, '/')).body).toMatch(new RegExp(`Not judged here: deleted connection\\(s\\) [^]*${connection.name}`));
    // Nothing more can be done to it.
    expect((await post(app, alice, url('collect'))).statusCode).toBe(409);
    expect((await post(app, alice, url('rotate-token'), { token: NEW })).statusCode).toBe(409);
    expect(await storage.store.findRuns({ connectionId: connection.id })).toHaveLength(1);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the wizard in Chromium', () => {
  let browser: Browser;
  let wizardApp: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    // The wizard resolves region and app to the real Iru hosts; its test is pointed at the simulator instead.
    wizardApp = await testApp({
      store: storage.store,
      temporal: async () => access,
      diagnose: (target) => diagnoseConnection({ ...target, baseUrl: sim.url }),
      onConnectionSaved: async (connection) => void (await setSchedule(temporal.client, temporal.taskQueue, connection, DEFAULT_SCHEDULE)),
    });
    base = await wizardApp.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await wizardApp?.close();
  });

  it('walks region, app, token, test, save, and lands on the new connection page saying when the first collection runs', async () => {
    const name = uniqueName('wizard');
    schedules.push(name);
    const { cookie } = await signIn(wizardApp, 'alice');
    const context = await browser.newContext();
    await context.addCookies([{ name: 'iru_session', value: cookie.slice('iru_session='.length), url: base }]);
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${base}/connections/new`);
    const fields = await tab.locator('#iru-wizard label').allTextContents();
    expect(fields).toEqual(['Region', 'App segment', 'Bearer JWT', 'Connection name']);
    await tab.selectOption('#iru-region', 'us');
    await tab.fill('#iru-app', 'acme');
    await tab.fill('#iru-token', GOOD);
    await tab.click('#iru-test');
    await tab.locator('#iru-test-status', { hasText: /^Test passed/ }).waitFor({ timeout: 60_000 });
    await tab.fill('#iru-name', name);
    await tab.click('#iru-save');
    await tab.waitForURL(`${base}/connections/${name}?saved=1`);
    expect(await tab.locator('h1').textContent()).toBe(`Connection ${name}`);
    expect(await tab.locator('[data-saved]').textContent()).toMatch(
      new RegExp(
        `^Saved connection ${name}; its token is stored encrypted\\. Its first collection is scheduled for \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ \\(every 24 h\\)\\.$`,
      ),
    );
    expect(await tab.locator('#collect-now').count()).toBe(1);
    expect(errors).toEqual([]);
    expect((await storage.store.getConnection(name))?.baseUrl).toBe('https://acme.api.kandji.io/');
    await context.close();
  }, 120_000);
});
