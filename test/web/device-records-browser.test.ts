import { existsSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/store/index.js';
import { parseCsv } from '../helpers/csv.js';
import { tempStore } from '../helpers/store.js';
import { seedConnection, seedRun } from './helpers/seed.js';
import { seedUsers, signIn, testApp } from './helpers/web.js';

const CHROMIUM = '/usr/bin/chromium';
const POLL = { timeout: 15_000 };
/** Where the screenshots for a person to look at go (outside the repository); unset: none are taken. */
const LOOK = process.env.LOOK_DIR;

/** The test's fleet: 30 devices, each with a name, a serial, most with a user; every fourth fails device trust. */
interface ModelDevice {
  deviceId: string;
  deviceName: string;
  serialNumber: string;
  assignedUser?: string;
  trust: { result: 'pass' | 'fail' | 'not_evaluable'; reasons: string[] };
  firewall: { result: 'pass' | 'fail'; reasons: string[] };
}

const FLEET: ModelDevice[] = Array.from({ length: 30 }, (_, i) => {
  const n = String(i).padStart(3, '0');
  return {
    deviceId: `6f1c2d3e-0000-4000-8000-000000000${n}`,
    deviceName: i === 7 ? `Conference-room-display-with-an-extraordinarily-long-name-${'x'.repeat(80)}` : `Finance MacBook ${n}`,
    serialNumber: `C02X${n}QWERTY`,
    ...(i % 5 === 0 ? {} : { assignedUser: `person${n}@example.com` }),
    trust:
      i % 4 === 1
        ? { result: 'fail', reasons: ['check_in_too_old', 'agent_not_installed', 'mdm_not_enrolled', 'device_removed'] }
        : i % 9 === 0
          ? { result: 'not_evaluable', reasons: ['missing_data'] }
          : { result: 'pass', reasons: [] },
    firewall: i % 3 === 0 ? { result: 'fail', reasons: ['firewall_off'] } : { result: 'pass', reasons: [] },
  };
});

const identity = (d: ModelDevice) => ({
  deviceId: d.deviceId,
  deviceName: d.deviceName,
  serialNumber: d.serialNumber,
  ...(d.assignedUser ? { assignedUser: d.assignedUser } : {}),
});

const trustRecord = (d: ModelDevice) => ({
  ...identity(d),
  platform: 'Mac',
  verified: d.trust.result === 'pass',
  serialKnown: true,
  lastCheckIn: '2024-06-01T00:00:00.000Z',
  lastCheckInClock: 'agent_check_in',
  checkedInWithinLimit: d.trust.result !== 'fail',
  agentRequired: true,
  agentInstalled: d.trust.result !== 'fail',
  mdmEnabled: d.trust.result !== 'fail',
  isRemoved: false,
  ...d.trust,
});

const firewallRecord = (d: ModelDevice) => ({
  ...identity(d),
  platform: 'Mac',
  firewallEnabled: d.firewall.result === 'pass',
  stealthMode: false,
  blockAllIncoming: false,
  lastCollectedAt: '2024-06-01T00:00:00.000Z',
  ...d.firewall,
});

/**
 * Apple's side of the same fleet: the first ten devices enrolled through ADE (the record names the Iru device it became,
 * `mdmDeviceId`, and has no device name); two more assigned in Apple Business Manager and still awaiting enrollment.
 */
const adeRecord = (d: ModelDevice, i: number) => ({
  adeDeviceId: `ade-${i}`,
  serialNumber: d.serialNumber,
  deviceFamily: 'Mac',
  integrationId: 'ade-token-1',
  profileStatus: 'pushed',
  enrolled: true,
  mdmDeviceId: d.deviceId,
  enrolledAt: '2024-05-01T00:00:00.000Z',
  result: 'pass',
  reasons: [],
});
const AWAITING = ['F9AWAIT0001', 'F9AWAIT0002'];
const awaitingRecord = (serialNumber: string, i: number) => ({
  adeDeviceId: `ade-awaiting-${i}`,
  serialNumber,
  deviceFamily: 'iPad',
  integrationId: 'ade-token-1',
  profileStatus: 'assigned',
  enrolled: false,
  mdmDeviceId: null,
  enrolledAt: null,
  result: 'fail',
  reasons: ['awaiting_enrollment'],
});

const storage = tempStore();
let app: FastifyInstance;
let base: string;
let browser: Browser;
let connection: Connection;
let trustId: string;
let firewallId: string;
let adeId: string;
let cookie: string;

beforeAll(async () => {
  await seedUsers(storage.store);
  connection = await seedConnection(storage.store, 'devices-acme');
  const { artifacts } = await seedRun(storage.store, connection, {
    collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    artifacts: [
      { type: 'device-trust', title: 'Device trust', records: FLEET.map(trustRecord) },
      { type: 'firewall', title: 'Host firewall', records: FLEET.map(firewallRecord) },
      {
        type: 'ade-enrollment',
        title: 'Automated Device Enrollment',
        records: [...FLEET.slice(0, 10).map(adeRecord), ...AWAITING.map(awaitingRecord)],
      },
    ],
  });
  [trustId, firewallId, adeId] = [artifacts[0]!.id, artifacts[1]!.id, artifacts[2]!.id];
  app = await testApp({ store: storage.store });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  cookie = (await signIn(app, 'audrey')).cookie;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  if (LOOK) mkdirSync(LOOK, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await storage.cleanup();
});

async function signedInPage(width: number): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await context.addCookies([{ name: 'iru_session', value: cookie.slice('iru_session='.length), url: base }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

/** Whether anything on the page, the records table above all, is wider than the window. */
function overflow(page: Page): Promise<{ table: [number, number]; document: [number, number] }> {
  return page.evaluate(() => {
    const table = document.querySelector('table.records, table.checks')!;
    const root = document.documentElement;
    return { table: [table.scrollWidth, table.parentElement!.clientWidth], document: [root.scrollWidth, root.clientWidth] };
  });
}

function expectNoOverflow(measured: { table: [number, number]; document: [number, number] }, label: string): void {
  expect(measured.table[0], `${label}: table wider than its container`).toBeLessThanOrEqual(measured.table[1]);
  expect(measured.document[0], `${label}: page scrolls sideways`).toBeLessThanOrEqual(measured.document[1]);
}

describe.skipIf(!existsSync(CHROMIUM))('device records in Chromium', () => {
  it("shows each record's device by name and serial, linked to a device page listing every check of it", async () => {
    const { page, errors, close } = await signedInPage(1440);
    const device = FLEET[1]!; // fails device trust and passes the firewall
    await page.goto(`${base}/artifacts/${trustId}`);
    const row = page.locator('table.records tbody tr', { hasText: device.deviceName });
    expect(await row.count()).toBe(1);
    expect(await row.locator('td.device').textContent()).toContain(device.serialNumber);
    expect(await row.locator('td.device').textContent()).toContain(device.assignedUser);
    expect(await row.textContent()).toContain('check_in_too_old');
    expectNoOverflow(await overflow(page), 'Artifact page at 1440 px');
    if (LOOK) await page.screenshot({ path: `${LOOK}/artifact-page-1440.png`, fullPage: true });

    await row.getByRole('link', { name: device.deviceName }).click();
    await page.waitForURL(`${base}/connections/${connection.id}/devices/${device.deviceId}`);
    expect(await page.locator('h1').textContent()).toBe(device.deviceName);
    expect(await page.locator('dl.facts').textContent()).toContain(device.serialNumber);
    const checks = await page.locator('table.checks tbody tr').evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(r.querySelectorAll('td'))
          .slice(0, 3)
          .map((td) => td.textContent!.trim()),
      ),
    );
    expect(checks).toEqual([
      ['Device trust', device.trust.result, device.trust.reasons.join('; ')],
      ['Host firewall', device.firewall.result, device.firewall.reasons.join('; ')],
      ['Automated Device Enrollment', 'pass', ''],
    ]);
    expect(await page.getByRole('link', { name: 'Host firewall' }).getAttribute('href')).toBe(`/artifacts/${firewallId}?q=${device.deviceId}#records`);
    expectNoOverflow(await overflow(page), 'device page at 1440 px');
    if (LOOK) await page.screenshot({ path: `${LOOK}/device-page-1440.png`, fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it('filters failing records only, and the CSV and JSON links export exactly those', async () => {
    const { page, errors, close } = await signedInPage(1440);
    const failing = FLEET.filter((d) => d.trust.result === 'fail').map((d) => d.deviceId);
    await page.goto(`${base}/artifacts/${trustId}`);
    await page.getByLabel('Result').selectOption({ label: 'Failing only' });
    await expect.poll(() => page.locator('.records-count').textContent(), POLL).toContain(`${failing.length} matching (of ${FLEET.length})`);
    expect(page.url()).toContain('result=fail');
    const shown = await page.locator('table.records tbody td.device code').allTextContents();
    expect(shown.sort()).toEqual([...failing].sort());

    const csvHref = await page.getByRole('link', { name: 'records as CSV' }).getAttribute('href');
    expect(csvHref).toContain('result=fail');
    const csv = await page.request.get(`${base}${csvHref}`);
    expect(csv.status()).toBe(200);
    const rows = parseCsv(await csv.text());
    expect(rows.map((r) => r.deviceId).sort()).toEqual([...failing].sort());
    expect(new Set(rows.map((r) => r.result))).toEqual(new Set(['fail']));
    const user = FLEET.find((d) => d.deviceId === rows[0]!.deviceId)!.assignedUser ?? '';
    expect(rows[0]!.assignedUser).toBe(user);

    const jsonHref = await page.getByRole('link', { name: 'records as JSON' }).getAttribute('href');
    const json = (await (await page.request.get(`${base}${jsonHref}`)).json()) as { records: { deviceId: string }[] };
    expect(json.records.map((r) => r.deviceId).sort()).toEqual([...failing].sort());

    const refused = await page.request.get(`${base}/api/v1/artifacts/${trustId}/records.csv?result=failing`);
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /^"result" must be one of pass, fail, excepted, not_evaluable, not_applicable/,
    );
    expect((await page.request.get(`${base}/connections/${connection.id}/devices/no-such-device`)).status()).toBe(404);

    // A search narrows the export the same way: one failing device by its serial.
    await page.getByLabel('Search records').fill(FLEET[5]!.serialNumber);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.records-count').textContent(), POLL).toContain(`1 matching (of ${FLEET.length})`);
    const narrowed = await page.request.get(`${base}${await page.getByRole('link', { name: 'records as CSV' }).getAttribute('href')}`);
    expect(parseCsv(await narrowed.text()).map((r) => r.deviceId)).toEqual([FLEET[5]!.deviceId]);
    expect(errors).toEqual([]);
    await close();
  });

  it('links each enrolled ADE record to the Iru device it became, by serial; a device awaiting enrollment shows its serial unlinked', async () => {
    const { page, errors, close } = await signedInPage(1440);
    await page.goto(`${base}/artifacts/${adeId}`);
    const enrolled = FLEET[3]!;
    const row = page.locator('table.records tbody tr', { hasText: enrolled.serialNumber });
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('link', { name: enrolled.serialNumber }).getAttribute('href')).toBe(
      `/connections/${connection.id}/devices/${enrolled.deviceId}`,
    );
    expect(await row.locator('td.device').textContent()).not.toContain('Serial');
    for (const serial of AWAITING) {
      const awaiting = page.locator('table.records tbody tr', { hasText: serial });
      expect(await awaiting.locator('a.device-link').count(), serial).toBe(0);
      expect(await awaiting.textContent()).toContain('awaiting_enrollment');
    }
    if (LOOK) await page.screenshot({ path: `${LOOK}/ade-page-1440.png`, fullPage: true });
    await row.getByRole('link', { name: enrolled.serialNumber }).click();
    await page.waitForURL(`${base}/connections/${connection.id}/devices/${enrolled.deviceId}`);
    expect(await page.locator('h1').textContent()).toBe(enrolled.deviceName);
    expect(await page.locator('table.checks tbody tr', { hasText: 'Automated Device Enrollment' }).count()).toBe(1);
    // The same as JSON (its shape checked against the OpenAPI document by the test app).
    const api = await page.request.get(`${base}/api/v1/connections/${connection.id}/devices/${enrolled.deviceId}`);
    expect(api.status()).toBe(200);
    const view = (await api.json()) as { deviceName: string; serialNumber: string; checks: { type: string; result: string | null }[] };
    expect(view).toMatchObject({ deviceName: enrolled.deviceName, serialNumber: enrolled.serialNumber });
    expect(view.checks.map((c) => [c.type, c.result])).toEqual([
      ['device-trust', enrolled.trust.result],
      ['firewall', enrolled.firewall.result],
      ['ade-enrollment', 'pass'],
    ]);
    expect(errors).toEqual([]);
    await close();
  });

  it('fits the records table in 1440 and 1024 px windows without sideways scrolling', async () => {
    for (const width of [1440, 1024]) {
      const { page, close } = await signedInPage(width);
      for (const id of [trustId, firewallId]) {
        await page.goto(`${base}/artifacts/${id}`);
        expectNoOverflow(await overflow(page), `${id} at ${width} px`);
      }
      await page.goto(`${base}/connections/${connection.id}/devices/${FLEET[7]!.deviceId}`);
      expectNoOverflow(await overflow(page), `device page at ${width} px`);
      await close();
    }
  });
});
