import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseConnection, type Diagnosis } from '../../src/diagnose/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { diagnosisHtml } from '../../src/web/wizard/diagnosis-html.js';
import { escapeHtml } from '../../src/web/wizard/escape.js';
import { registerWizardRoutes, type WizardOptions } from '../../src/web/wizard/index.js';
import { testOutcome } from '../../src/web/wizard/test-outcome.js';
import { tempStore } from '../helpers/store.js';
import { ALL, permissionsExcept, tenant } from './helpers.js';

const CSRF = 'csrf-token-for-tests';
const ADMIN_COOKIE = 'admin=yes';
// The host web app's policy: no inline script or style.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'";

const storage = tempStore();
const apps: FastifyInstance[] = [];
let browser: Browser;
let sim: RunningSimulator;
let base: string;
const PARTIAL = randomUUID();
/** Lacks FileVault's Prism permission, answered 403: the collector reads the same signal from /devices, so a warning. */
const REROUTED = randomUUID();

/** The plugin mounted in a minimal app, with trivial stand-ins for the host app's layout, admin check and CSRF. */
async function wizardApp(overrides: Partial<WizardOptions> = {}): Promise<string> {
  const app = Fastify();
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CSP);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const sent = request.headers['x-csrf-token'] ?? (request.body as { _csrf?: string } | undefined)?._csrf;
    if (sent !== CSRF) return reply.code(403).send({ message: 'CSRF token missing or wrong' });
  });
  await registerWizardRoutes(app, {
    store: storage.store,
    diagnose: (target) => diagnoseConnection(target),
    layout: (_request, title, body) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`,
    requireAdmin: async (request, reply) => {
      if (!request.headers.cookie?.includes(ADMIN_COOKIE)) return reply.code(401).send({ message: 'Sign in as an admin' });
    },
    csrfToken: () => CSRF,
    ...overrides,
  });
  apps.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  sim = await tenant({
    tokens: {
      [PARTIAL]: { permissions: permissionsExcept('users') },
      [REROUTED]: { permissions: permissionsExcept('prism-filevault'), missingPermissionStatus: 403 },
    },
  });
  base = await wizardApp({ resolveBaseUrl: () => new URL(sim.url) });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(apps.map((a) => a.close()));
  await storage.cleanup();
});

async function wizardPage(url = base): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'admin', value: 'yes', url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${url}/connections/new`);
  expect(errors).toEqual([]);
  return page;
}

async function testConnection(page: Page, region: string, app: string, token: string): Promise<string> {
  await page.selectOption('#iru-region', region);
  await page.fill('#iru-app', app);
  await page.fill('#iru-token', token);
  await page.click('#iru-test');
  // The click sets "Testing the connection..." at once; wait for the outcome that replaces it.
  await page.locator('#iru-test-status', { hasText: /^(Test passed|Problems found|Test failed|Not tested|The test could not be run)/ }).waitFor();
  return (await page.textContent('#iru-test-status')) ?? '';
}

describe('web connection wizard (real Chromium)', () => {
  it('shows region, app segment with a live API URL preview, and the "Bearer JWT" field with its note', async () => {
    const production = await wizardApp();
    const page = await wizardPage(production);
    expect(await page.locator('#iru-region option').allTextContents()).toEqual(['US', 'EU', 'Iru', 'Iru EU']);
    await page.selectOption('#iru-region', 'eu');
    await page.fill('#iru-app', 'acme');
    expect(await page.textContent('#iru-url-preview')).toBe('https://acme.api.eu.kandji.io');
    await page.selectOption('#iru-region', 'iru');
    expect(await page.textContent('#iru-url-preview')).toBe('https://acme.api.iru.com');
    await page.selectOption('#iru-region', 'iru-eu');
    expect(await page.textContent('#iru-url-preview')).toBe('https://acme.api.eu.iru.com');
    await page.fill('#iru-app', 'Acme');
    expect(await page.textContent('#iru-url-preview')).toBe('-');
    expect(await page.textContent('#iru-app-error')).toMatch(/lower-case letters, digits and hyphens/);
    expect(await page.textContent('label[for="iru-token"]')).toBe('Bearer JWT');
    expect(await page.textContent('#iru-token-help')).toMatch(/API token from Access > API tokens in Iru\. It is shown only once/);
    expect(await page.getAttribute('#iru-token', 'type')).toBe('password');
    await page.context().close();
  });

  it('a failed Test connection stores nothing, and Save stays off', async () => {
    const page = await wizardPage();
    const status = await testConnection(page, 'eu', 'acme', randomUUID());
    expect(status).toMatch(/Test failed: nothing can be saved/);
    expect(await page.getAttribute('#iru-diagnosis section', 'data-verdict')).toBe('token_rejected');
    expect(await page.textContent('#iru-diagnosis')).toMatch(/Access > API tokens.*shown only once/s);
    expect(await page.isDisabled('#iru-save')).toBe(true);
    // Even a hand-made save request is refused without a passed test.
    const forced = await page.evaluate(async (csrf) => {
      const r = await fetch('/connections/new/save', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ testId: 'forged', region: 'eu', app: 'acme', token: '0b7c2f0e-5d0a-4c43-9f3e-2a1d6f0c9b11', name: 'acme' }),
      });
      return r.status;
    }, CSRF);
    expect(forced).toBe(409);
    expect(await storage.store.listConnections()).toEqual([]);
    await page.context().close();
  });

  it('bad input gets the specific message beside its field and sends nothing to Iru', async () => {
    const page = await wizardPage();
    const before = sim.requestLog.length;
    await testConnection(page, 'eu', 'https://acme.api.eu.kandji.io', `${ALL} `);
    expect(await page.textContent('#iru-app-error')).toBe(
      '"https://acme.api.eu.kandji.io" is an address, not the app segment: enter only "acme" and choose the region EU',
    );
    expect(await page.textContent('#iru-token-error')).toMatch(/leading or trailing whitespace/);
    expect(await page.isDisabled('#iru-save')).toBe(true);
    expect(sim.requestLog.length).toBe(before);
    expect(await storage.store.listConnections()).toEqual([]);
    await page.context().close();
  });

  it('a test with problems says so in its heading and its status line, and may still be saved; a passing one says passed', async () => {
    const page = await wizardPage();
    const status = await testConnection(page, 'eu', 'acme', PARTIAL);
    expect(status).toBe('Problems found: you can save this connection, but its evidence stays incomplete until they are fixed.');
    expect(await page.getAttribute('#iru-diagnosis section', 'data-verdict')).toBe('problems');
    expect(await page.textContent('#iru-diagnosis h2')).toBe('Connection test: problems');
    expect(await page.textContent('#iru-diagnosis')).not.toMatch(/passed/i);
    expect(await page.textContent('#iru-diagnosis section.problems li[data-code="permission_denied"]')).toMatch(/"List users"/);
    expect(await page.isDisabled('#iru-save')).toBe(false);
    expect(await page.getAttribute('tr[data-endpoint="users"]', 'data-status')).toBe('denied');
    expect(await page.textContent('tr[data-endpoint="users"]')).toMatch(
      /Without "List users": user-assignment is not evaluable.*Fix: In Iru, open Access > API tokens/s,
    );
    expect(await page.getAttribute('tr[data-endpoint="devices"]', 'data-status')).toBe('granted');
    // Changing the token after the test switches Save off until the next test.
    await page.fill('#iru-token', ALL);
    expect(await page.isDisabled('#iru-save')).toBe(true);
    expect(await testConnection(page, 'eu', 'acme', ALL)).toBe('Test passed: you can save this connection.');
    expect(await page.textContent('#iru-diagnosis h2')).toBe('Connection test passed');
    expect(await page.locator('#iru-diagnosis section.problems, #iru-diagnosis section.warnings').count()).toBe(0);
    expect(await page.inputValue('#iru-name')).toBe('acme');
    await page.click('#iru-save');
    await page.locator('#iru-save-result', { hasText: /^(Saved|Not saved)/ }).waitFor();
    expect(await page.textContent('#iru-save-result')).toMatch(/^Saved connection "acme" \(http:\/\/127\.0\.0\.1:\d+\/\); the token is stored encrypted\.$/);
    expect(await page.inputValue('#iru-token')).toBe('');
    const [saved] = await storage.store.listConnections();
    expect(saved).toMatchObject({ name: 'acme', region: 'eu', app: 'acme', baseUrl: `${sim.url}/` });
    expect(await storage.store.readToken(saved!.id)).toBe(ALL);
    await page.context().close();
  });
});

describe('web connection wizard: the test step speaks the verdict', () => {
  it('warnings only: "Connection test passed", the warnings listed apart, Save on', async () => {
    const page = await wizardPage();
    expect(await testConnection(page, 'us', 'warned', REROUTED)).toBe('Test passed with 1 warning(s): you can save this connection.');
    expect(await page.getAttribute('#iru-diagnosis section', 'data-verdict')).toBe('warnings');
    expect(await page.textContent('#iru-diagnosis h2')).toBe('Connection test passed');
    expect(await page.textContent('#iru-diagnosis section.warnings h3')).toBe('Warnings');
    expect(await page.textContent('#iru-diagnosis section.warnings li[data-code="permission_denied_rerouted"]')).toMatch(
      /"FileVault".*reads the same signal through GET \/api\/v1\/devices\?filevault_enabled=true\|false instead/,
    );
    expect(await page.locator('#iru-diagnosis section.problems').count()).toBe(0);
    expect(await page.isDisabled('#iru-save')).toBe(false);
    await page.context().close();
  });

  it('heading and status line agree for every verdict', () => {
    const base = { canSave: true, problems: [] } as unknown as Diagnosis;
    const warning = { code: 'quota_low', severity: 'warning', message: 'm', remedy: null, endpoint: null } as const;
    const error = { ...warning, code: 'permission_denied', severity: 'error' } as const;
    const cases: [Partial<Diagnosis>, string, RegExp][] = [
      [{ verdict: 'healthy' }, 'Connection test passed', /^Test passed: you can save/],
      [{ verdict: 'warnings', problems: [warning, warning] }, 'Connection test passed', /^Test passed with 2 warning\(s\)/],
      [{ verdict: 'problems', problems: [error, warning] }, 'Connection test: problems', /^Problems found: you can save this connection, but/],
      [{ verdict: 'problems', canSave: false, problems: [error] }, 'Connection test: problems', /^Test failed/],
      [{ verdict: 'token_rejected', canSave: false }, 'Connection test failed: token rejected', /^Test failed/],
      [{ verdict: 'unreachable', canSave: false }, 'Connection test failed: host unreachable', /^Test failed/],
    ];
    for (const [diagnosis, heading, status] of cases) {
      const outcome = testOutcome({ ...base, ...diagnosis });
      expect(outcome.heading).toBe(heading);
      expect(outcome.status).toMatch(status);
      if (diagnosis.verdict !== 'healthy' && diagnosis.verdict !== 'warnings') expect(`${outcome.heading} ${outcome.status}`).not.toMatch(/passed/i);
    }
  });
});

describe('web connection wizard (JSON endpoints)', () => {
  const post = (path: string, body: object, headers: Record<string, string> = { 'x-csrf-token': CSRF, cookie: ADMIN_COOKIE }) =>
    fetch(`${base}/connections/new/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('never accepts a URL, needs the admin check, and leaves CSRF to the host app (token sent as header)', async () => {
    const url = await post('test', { baseUrl: 'https://evil.example', token: ALL });
    expect(url.status).toBe(400);
    expect(await url.json()).toEqual({ errors: [{ field: 'app', message: 'The wizard takes a region and an app segment, never a URL' }] });
    expect((await post('test', { region: 'us', app: 'acme', token: ALL }, { 'x-csrf-token': CSRF })).status).toBe(401);
    expect((await post('test', { region: 'us', app: 'acme', token: ALL }, { cookie: ADMIN_COOKIE })).status).toBe(403);
    expect((await fetch(`${base}/connections/new`)).status).toBe(401);
  });

  it('a passed test is good for one save of exactly that tenant and token', async () => {
    const tested = (await (await post('test', { region: 'us', app: 'once', token: ALL })).json()) as { testId: string; diagnosis: Diagnosis };
    expect(tested.diagnosis.canSave).toBe(true);
    const otherToken = await post('save', { testId: tested.testId, region: 'us', app: 'once', token: PARTIAL, name: 'once' });
    expect(otherToken.status).toBe(409);
    expect(await storage.store.getConnection('once')).toBeUndefined();
  });

  it('renders every diagnosis value escaped', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = diagnosisHtml({
      schemaVersion: 1,
      diagnosedAt: new Date().toISOString(),
      target: { baseUrl: 'https://a.api.kandji.io/', region: 'us', app: 'a', tokenFingerprint: 'sha256:0000000000000000' },
      verdict: 'problems',
      summary: evil,
      canSave: true,
      host: { status: 'ok', host: 'a', addresses: [], errorCode: null, message: evil, remedy: evil, suggestion: null },
      auth: { status: 'ok', message: evil, remedy: null },
      permissions: [],
      cost: null,
      problems: [],
      probe: { requests: 0, countRequests: 0, maxRequests: 0, durationMs: 0 },
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
