// The auditor's landing page tells the truth: two tenants collected for real (through Temporal, from the simulator), one
// whose token lacks "List users". The posture home shows the failing controls red with the device counts of the
// simulator's own model, and a control page shows the limited tenant's missing evidence as a row of its own.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkCatalog } from '../../src/evidence/frameworks/index.js';
import { ROUTES, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { expected } from '../evidence/fleet-truth.js';
import { collectOnce } from '../helpers/collect.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { OpenApiValidator } from '../helpers/openapi.js';
import { PASSWORD, seedUsers, signIn, testApp } from './helpers/web.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.IRU_SCREENSHOTS; // a folder for the closing note's screenshots, when set
const DEVICES = 240;
const FULL = randomUUID();
const LIMITED = randomUUID();
const USERS_PERMISSION = '/api/v1/users';

const storage = tempStore();
let temporal: TemporalHarness;
let sim: RunningSimulator;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let collectedAt: Date;

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store });
  sim = await startSimulator({
    fleet: { seed: 1_818, devices: DEVICES, now: new Date().toISOString() },
    tokens: {
      [FULL]: { permissions: 'all' },
      [LIMITED]: { permissions: ROUTES.map((r) => r.permission).filter((p) => p !== USERS_PERMISSION) },
    },
  });
  const before = new Date();
  await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: FULL, name: 'full' });
  await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: LIMITED, name: 'limited' });
  collectedAt = before;
  await seedUsers(storage.store);
  app = await testApp({ store: storage.store });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await temporal?.close();
  await sim?.close();
  await storage.cleanup();
});

async function signedIn(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill('audrey');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** The catalog's controls (by framework) whose actions map `type`. */
function controlsMapping(frameworkId: string, type: string): string[] {
  const framework = loadFrameworkCatalog().frameworks.find((f) => f.id === frameworkId)!;
  return framework.controls.filter((c) => c.actions.some((a) => a.artifacts.some((m) => m.type === type))).map((c) => c.id);
}

describe('the posture as JSON, on the same two tenants', () => {
  it('answers GET /api/v1/posture in the shape its OpenAPI document gives, with the verdicts the fleet model implies', async () => {
    const { cookie } = await signIn(app, 'audrey');
    const validator = new OpenApiValidator((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { cookie } });
      validator.validate({ method: 'GET', url, status: response.statusCode, contentType: response.headers['content-type'] as string, body: response.body });
      expect(response.statusCode, url).toBe(200);
      return response.json();
    };
    const trust = expected.deviceTrust(sim.fleet, collectedAt);
    const all = await get('/api/v1/posture');
    expect(all.scope.connection).toBeNull();
    const fullTrust = all.failing.find((c: { type: string; connection: { name: string } }) => c.type === 'device-trust' && c.connection.name === 'full');
    expect(fullTrust).toMatchObject({ verdict: 'not_satisfied', failing: trust.fail, evaluated: trust.pass + trust.fail });
    const gap = all.notEvaluable.find((c: { type: string; connection: { name: string } }) => c.type === 'user-assignment' && c.connection.name === 'limited');
    // Its devices were collected, so there is an Artifact (no gap); the users it needs were not: not evaluable, and why.
    expect(gap).toMatchObject({ verdict: 'not_evaluable', failing: 0, gap: null });
    expect(gap.findings.join(' ')).toMatch(/not evaluable \(permission_denied\).*"List users"/);
    expect(all.warnings.map((w: { connection: { name: string }; status: string }) => [w.connection.name, w.status])).toEqual([['limited', 'partial']]);
    expect(all.frameworks.find((f: { id: string }) => f.id === 'soc2').verdict).toBe('not_satisfied');

    const scoped = await get('/api/v1/posture?connection=full&framework=soc2&from=2026-01-01');
    expect(scoped.scope.connection.name).toBe('full');
    expect(scoped.frameworks.map((f: { id: string }) => f.id)).toEqual(['soc2']);
    expect(scoped.period.from).toBe('2026-01-01');
    expect(scoped.warnings).toEqual([]);
  }, 60_000);
});

describe.skipIf(!existsSync(CHROMIUM))('the posture pages in Chromium, on two collected tenants', () => {
  it('shows a failing control as failing, not green, with the number of devices failing it', async () => {
    // The simulator's model: how many devices fail device trust at collection time.
    const trust = expected.deviceTrust(sim.fleet, collectedAt);
    expect(trust.fail, 'the fleet has untrusted devices').toBeGreaterThan(0);
    const page = await signedIn();
    await page.goto(`${base}/?connection=full`);
    expect(await page.locator('h1').textContent()).toBe('Posture: full');

    const soc2 = page.locator('tr[data-framework="soc2"]');
    expect(await soc2.locator('.verdict').textContent()).toBe('not satisfied');
    expect(await soc2.locator('.verdict').evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe('rgb(200, 230, 201)');

    const row = page.locator('table.failing tr[data-type="device-trust"][data-connection="full"]');
    expect(await row.locator('td.num').textContent()).toBe(`${trust.fail.toLocaleString('en-US')} of ${(trust.pass + trust.fail).toLocaleString('en-US')}`);
    for (const control of controlsMapping('soc2', 'device-trust')) expect(await row.textContent()).toContain(`soc2 ${control}`);
    expect(await page.locator('svg.trend').count()).toBe(1);
    await shot(page, 'home-full');

    // The failing control's own page says so too.
    const control = controlsMapping('soc2', 'device-trust')[0]!;
    await page.goto(`${base}/frameworks/soc2?connection=full`);
    const controlRow = page.locator('tr', { has: page.getByRole('link', { name: control, exact: true }) });
    expect(await controlRow.locator('.verdict').textContent()).toBe('not satisfied');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  }, 120_000);

  it('shows, on a control page over both tenants, a gap row for the tenant whose token lacks the permission', async () => {
    const page = await signedIn();
    const control = controlsMapping('soc2', 'user-assignment')[0]!;
    await page.goto(`${base}/frameworks/soc2/controls/${encodeURIComponent(control)}`);
    const limited = page.locator('tr[data-type="user-assignment"][data-connection="limited"]');
    const full = page.locator('tr[data-type="user-assignment"][data-connection="full"]');
    expect(await limited.count()).toBeGreaterThan(0);
    expect(await limited.first().locator('.verdict').textContent()).toBe('not evaluable');
    expect(await limited.first().locator('td.why').textContent()).toMatch(/permission/i);
    expect(await full.first().getByRole('link').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await shot(page, 'control-two-tenants');

    // The home page over both tenants lists it with its reason, and warns about the limited connection.
    await page.goto(`${base}/`);
    expect(await page.locator('table.not-evaluable tr[data-type="user-assignment"][data-connection="limited"]').textContent()).toMatch(/permission/i);
    expect(await page.locator('.warnings').textContent()).toContain('limited');
    await shot(page, 'home-all');

    // Connections no longer shows the limited tenant as merely "ok": its last run was partial, for want of List users.
    await page.goto(`${base}/connections`);
    const connection = page.locator('tr', { has: page.getByRole('cell', { name: 'limited', exact: true }) });
    expect(await connection.textContent()).toContain('partial');
    expect(await connection.textContent()).toContain('List users');
  }, 120_000);
});
