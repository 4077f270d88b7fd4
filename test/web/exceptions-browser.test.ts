import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactEnvelope } from '../../src/evidence/index.js';
import type { Connection } from '../../src/store/index.js';
import { apiDevice, buildRun } from '../helpers/build-run.js';
import { tempStore } from '../helpers/store.js';
import { days, seedConnection } from './helpers/seed.js';
import { PASSWORD, seedUsers, testApp } from './helpers/web.js';

const CHROMIUM = '/usr/bin/chromium';
const POLL = { timeout: 15_000 };
const storage = tempStore();
let app: FastifyInstance;
let base: string;
let browser: Browser;
let connection: Connection;

// The app's clock, moved by the test: the app judges "now" by it, and each collection below is built at it.
let clock = new Date();
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
// The model: CIS v8 7.3 maps os-currency alone (macOS 14.0 minimum). kiosk-7 runs 13.6 and fails it; desk-1 runs 15.1.
const FAILING = 'kiosk-7';
const CONTROL = '/frameworks/cis-v8/controls/7.3?connection=acme';
const LAST_DAY = dayOf(new Date(clock.getTime() + days(2)));

/** A collection at the app's clock, through the real build: the exceptions in force at that moment apply. */
async function collect(): Promise<string> {
  const checkedIn = new Date(clock.getTime() - 3_600_000).toISOString();
  const devices = [
    apiDevice('desk-1', { device_name: 'Front desk', last_check_in: checkedIn }),
    apiDevice(FAILING, { device_name: 'Lobby kiosk', os_version: '13.6', last_check_in: checkedIn }),
  ];
  const { artifacts } = await buildRun(storage.store, connection, { collectedAt: clock.toISOString(), devices, types: ['os-currency', 'device-inventory'] });
  return artifacts.find((a) => a.type === 'os-currency')!.id;
}

async function signInAs(page: Page, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The Artifact page's row of the failing device, as text. */
async function failingRow(page: Page, artifactId: string): Promise<string> {
  await page.goto(`${base}/artifacts/${artifactId}`);
  return (await page.locator('table.records tbody tr', { hasText: FAILING }).textContent()) ?? '';
}

beforeAll(async () => {
  await seedUsers(storage.store);
  connection = await seedConnection(storage.store, 'acme');
  clock = new Date(clock.getTime() - 3_600_000);
  await collect();
  clock = new Date(clock.getTime() + 3_600_000);
  app = await testApp({ store: storage.store, now: () => clock });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await storage.cleanup();
});

describe.skipIf(!existsSync(CHROMIUM))('exceptions in Chromium', () => {
  it('an exception turns a device failing a check into excepted at the next collection, and back to failing after its last day', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInAs(page, 'alice');

    await page.goto(`${base}${CONTROL}`);
    expect(await page.locator('main > p .verdict').first().textContent()).toBe('not satisfied');

    await page.getByRole('link', { name: 'Exceptions' }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Exceptions');
    await page.getByLabel('Connection').selectOption('acme');
    await page.getByLabel('Device id').fill(FAILING);
    await page.getByLabel('Check').selectOption('os-currency');
    await page.getByLabel('Last day').fill(LAST_DAY);
    await page.getByLabel('Justification').fill('Kiosk pinned to macOS 13 until the vendor certifies 14 (TICKET-81)');
    await page.getByRole('button', { name: 'Add exception' }).click();
    await expect
      .poll(() => page.locator('.done').textContent(), POLL)
      .toContain(`Excepted Lobby kiosk of acme from os-currency until the end of ${LAST_DAY} (UTC)`);
    const inForce = page.locator('table.exceptions').first().locator('tbody tr');
    expect(await inForce.count()).toBe(1);
    expect(await inForce.textContent()).toMatch(new RegExp(`Lobby kiosk.*${FAILING}.*os-currency.*TICKET-81.*alice.*${LAST_DAY}.*in force`, 's'));

    // Published evidence is immutable: the control stays not satisfied until the next collection.
    await page.goto(`${base}${CONTROL}`);
    expect(await page.locator('main > p .verdict').first().textContent()).toBe('not satisfied');

    clock = new Date(clock.getTime() + 60_000);
    const during = await collect();
    await page.goto(`${base}${CONTROL}`);
    expect(await page.locator('main > p .verdict').first().textContent()).toBe('excepted');
    expect(await failingRow(page, during)).toContain('excepted');
    // The Artifact page names the exception its build applied: who approved what, until when.
    const applied = (await page.locator('table.exceptions tbody tr').textContent()) ?? '';
    for (const part of [FAILING, 'os-currency', 'alice', LAST_DAY, 'in force']) expect(applied).toContain(part);
    await page.goto(`${base}/?connection=acme`);
    expect(await page.locator('h2', { hasText: 'Excepted checks' }).textContent()).toBe('Excepted checks (1)');
    const excepted = JSON.parse((await storage.store.getArtifact(during))!.envelope) as ArtifactEnvelope;
    expect(excepted.summary.counts).toMatchObject({ pass: 1, fail: 0, excepted: 1 });
    expect(excepted.summary.exceptions).toEqual([
      expect.objectContaining({ deviceId: FAILING, check: 'os-currency', approver: 'alice', expiresOn: LAST_DAY, status: 'in_force', records: 1 }),
    ]);

    // The day after the last day: the next collection fails the device again and lists the exception as expired.
    clock = new Date(Date.parse(`${LAST_DAY}T00:00:00.000Z`) + days(1) + 3_600_000);
    const after = await collect();
    await signInAs(page, 'alice'); // the session ended with the days the clock moved
    await page.goto(`${base}${CONTROL}`);
    expect(await page.locator('main > p .verdict').first().textContent()).toBe('not satisfied');
    const row = await failingRow(page, after);
    expect(row).toContain('fail');
    expect(row).not.toContain('excepted');
    await page.goto(`${base}/exceptions`);
    const ended = page.locator('table.exceptions tbody tr', { hasText: FAILING });
    expect(await ended.locator('.badge').textContent()).toBe('expired');
    expect(await page.locator('h2', { hasText: 'In force' }).textContent()).toBe('In force (0)');
    const expired = JSON.parse((await storage.store.getArtifact(after))!.envelope) as ArtifactEnvelope;
    expect(expired.summary.counts).toMatchObject({ pass: 1, fail: 1 });
    expect(expired.summary.exceptions).toEqual([expect.objectContaining({ deviceId: FAILING, status: 'expired' })]);
    expect(errors).toEqual([]);
  });

  it('is for admins only: an auditor is refused the page and the API', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInAs(page, 'audrey');
    expect(await page.locator('nav').getByRole('link', { name: 'Exceptions' }).count()).toBe(0);
    const response = await page.goto(`${base}/exceptions`);
    expect(response?.status()).toBe(403);
    expect((await page.request.get(`${base}/api/v1/exceptions`)).status()).toBe(403);
  });
});
