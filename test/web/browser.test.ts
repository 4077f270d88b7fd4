import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageManifest } from '../../src/exports/evidence-package.js';
import { readZip } from '../exports/helpers/read-zip.js';
import { tempStore } from '../helpers/store.js';
import { days, deviceRecord, seedConnection, seedRun, XSS_NAME } from './helpers/seed.js';
import { PASSWORD, seedUsers, signIn, testApp } from './helpers/web.js';

const CHROMIUM = '/usr/bin/chromium';
const POLL = { timeout: 15_000 };
const storage = tempStore();
const downloads = mkdtempSync(path.join(tmpdir(), 'iru-browser-'));
let app: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  await seedUsers(storage.store);
  const connection = await seedConnection(storage.store, 'acme');
  const now = Date.now();
  await seedRun(storage.store, connection, {
    collectedAt: new Date(now - days(3)).toISOString(),
    artifacts: [{ type: 'device-inventory', records: Array.from({ length: 110 }, (_, i) => deviceRecord(i)) }],
  });
  const records = Array.from({ length: 120 }, (_, i) => deviceRecord(i, i === 42 ? { deviceName: XSS_NAME } : {}));
  await seedRun(storage.store, connection, { collectedAt: new Date(now - 3_600_000).toISOString(), artifacts: [{ type: 'device-inventory', records }] });
  app = await testApp({ store: storage.store });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await storage.cleanup();
  rmSync(downloads, { recursive: true, force: true });
});

/** Fails the test on any alert (an XSS would raise one) and on any console error, CSP violations included. */
function watch(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}

describe.skipIf(!existsSync(CHROMIUM))('the auditor web app in Chromium', () => {
  it('lets an auditor open a control and an Artifact, filter its records, verify it, download the package, and refuses admin pages', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const seen = watch(page);

    await page.goto(`${base}/frameworks`);
    await expect.poll(() => page.url(), POLL).toContain('/login?next=%2Fframeworks');
    await page.getByLabel('Username').fill('audrey');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/frameworks`);

    await page.getByRole('link', { name: 'SOC 2' }).click();
    await page.getByRole('link', { name: 'CC6.1', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toMatch(/^CC6\.1 /);
    expect(await page.locator('svg.timeline rect').count()).toBeGreaterThan(30);

    await page.locator('tr[data-type="device-inventory"][data-connection="acme"]').getByRole('link', { name: 'Device inventory' }).first().click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Device inventory');
    expect(await page.locator('table.records tbody tr').count()).toBe(50);
    expect(await page.locator('.badge-fresh').first().textContent()).toBe('fresh');

    await page.evaluate('window.stillThisPage = true');
    await page.getByLabel('Search records').fill('C02000007XYZ');
    await page.getByLabel('Search records').press('Enter');
    await expect.poll(() => page.locator('.records-count').textContent(), POLL).toContain('1 matching (of 120)');
    expect(await page.locator('table.records tbody tr').count()).toBe(1);
    expect(await page.locator('table.records tbody').textContent()).toContain('dev-000007');
    expect(page.url()).toContain('q=C02000007XYZ');
    expect(await page.evaluate('window.stillThisPage'), 'app.js swapped the table in place').toBe(true);

    await page.getByLabel('Search records').fill('onerror');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('table.records tbody td', { hasText: XSS_NAME }).count(), POLL).toBe(1);
    expect(await page.locator('table.records tbody tr').count()).toBe(1);
    expect(await page.locator('table.records img').count()).toBe(0);

    await page.getByLabel('Search records').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'next ›' }).click();
    await expect.poll(() => page.locator('.records-count').textContent(), POLL).toContain('Records 51–100 of 120; page 2 of 3.');

    await page.getByRole('button', { name: 'Re-verify hashes' }).click();
    await expect.poll(() => page.locator('[data-verify-result]').textContent(), POLL).toMatch(/^Verified at .*: both hashes match the stored document\.$/);

    await page.goto(`${base}/frameworks/soc2/controls/CC6.1`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download evidence package (ZIP)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^evidence-soc2-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.zip$/);
    const zipFile = path.join(downloads, download.suggestedFilename());
    await download.saveAs(zipFile);
    const entries = await readZip(readFileSync(zipFile));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as PackageManifest;
    expect(manifest.files.filter((f) => f.kind === 'artifact')).toHaveLength(2);
    for (const file of manifest.files) expect(createHash('sha256').update(entries.get(file.file)!).digest('hex'), file.file).toBe(file.sha256);

    for (const url of ['/connections/new', '/admin/api-keys']) {
      const response = await page.goto(`${base}${url}`);
      expect(response!.status()).toBe(403);
      expect(await page.locator('.error').textContent()).toMatch(/for admins only; you are signed in as audrey \(auditor\)/);
    }
    expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);

    expect(seen.dialogs).toEqual([]);
    expect(seen.errors.filter((e) => !e.includes('403'))).toEqual([]);
    await context.close();
  });

  it("keeps a running collection's live status current in place, then shows the run's outcome once it ends", async () => {
    const connection = await seedConnection(storage.store, 'live-run');
    const runId = `collect-live-run-${randomUUID()}`;
    const startedAt = new Date().toISOString();
    const putPage = (source: string, pageIndex: number, rows: number, last: boolean) =>
      storage.store.putPage({
        runId,
        source,
        pageIndex,
        rows: Array.from({ length: rows }, (_, i) => ({ id: `${source}-${pageIndex}-${i}` })),
        next: last ? null : { offset: (pageIndex + 1) * 300 },
        fetchedAt: new Date().toISOString(),
      });
    await storage.store.startRun({ id: runId, connectionId: connection.id, workflowId: runId, startedAt });
    await putPage('devices', 0, 300, false);

    const { cookie } = await signIn(app, 'audrey');
    const context = await browser.newContext();
    await context.addCookies([{ name: 'iru_session', value: cookie.slice('iru_session='.length), url: base }]);
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${base}/runs/${runId}`);
    expect(await page.locator('section.live [data-live-stage]').textContent()).toBe('collecting');
    expect(await page.locator('section.live').textContent()).toContain('requests 1 · rows 300');
    await page.evaluate('window.stillThisPage = true');

    await putPage('devices', 1, 120, true);
    await putPage('users', 0, 5, true);
    await expect.poll(() => page.locator('section.live').textContent(), POLL).toContain('requests 3 · rows 425');
    expect(await page.locator('section.live tbody tr').allTextContents()).toEqual(['devices2420', 'users15']);
    expect(await page.evaluate('window.stillThisPage'), 'app.js swapped the status in place').toBe(true);

    const finishedAt = new Date().toISOString();
    const source = (name: string, records: number, pages: number) => ({
      name,
      status: 'succeeded' as const,
      records,
      pages,
      requests: pages,
      rateLimitWaitMs: 0,
      durationMs: 900,
      error: null,
    });
    await storage.store.publishRun(runId, {
      status: 'succeeded',
      finishedAt,
      summary: {
        runId,
        connectionId: connection.id,
        status: 'succeeded',
        startedAt,
        finishedAt,
        sources: [source('devices', 420, 2), source('users', 5, 1)],
        artifacts: [],
        notEvaluable: [],
        error: null,
      },
    });
    await expect.poll(() => page.locator('h2').allTextContents(), POLL).toContain('Sources');
    expect(await page.evaluate('window.stillThisPage'), 'the page reloaded once the run ended').toBeUndefined();
    expect(await page.locator('section.live').count()).toBe(0);
    expect(await page.locator('.badge-succeeded').count()).toBeGreaterThan(0);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it("opens the package's index.html offline, with no request leaving the file system", async () => {
    const { cookie } = await signIn(app, 'audrey');
    const zip = await app.inject({ method: 'GET', url: '/api/v1/exports/package.zip?framework=soc2', headers: { cookie } });
    for (const [name, bytes] of await readZip(zip.rawPayload)) {
      mkdirSync(path.dirname(path.join(downloads, 'package', name)), { recursive: true });
      writeFileSync(path.join(downloads, 'package', name), bytes);
    }
    const index = path.join(downloads, 'package', 'index.html');
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const seen = watch(page);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(index).href);
    expect(await page.locator('h1').textContent()).toMatch(/^SOC 2 evidence, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('svg.timeline').count()).toBeGreaterThan(0);
    const artifactLinks = page.locator('a[href^="artifacts/acme/device-inventory/"]');
    expect(await artifactLinks.count()).toBeGreaterThanOrEqual(2);
    const href = await artifactLinks.first().getAttribute('href');
    expect(existsSync(path.join(downloads, 'package', href!))).toBe(true);
    expect(await page.getByRole('link', { name: 'manifest.json' }).count()).toBe(1);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});
