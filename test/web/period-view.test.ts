import { existsSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactType } from '../../src/evidence/frameworks/index.js';
import { tempStore } from '../helpers/store.js';
import { days, deviceRecord, seedConnection, seedRun } from './helpers/seed.js';
import { seedUsers, signIn, testApp, type Session } from './helpers/web.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = '/tmp/look18';
const storage = tempStore();
const now = new Date();
const today = Math.floor(now.getTime() / days(1)) * days(1);
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A period of `n` days ending today. */
const window = (n: number) => `from=${dayString(today - days(n - 1))}&to=${dayString(today)}`;
const CONTROL = '/frameworks/soc2/controls/CC6.1';
let app: FastifyInstance;
let base: string;
let auditor: Session;

/**
 * A year of one connection's collections: a month of daily runs of four types, ten failed runs, two months of daily
 * runs of device-inventory alone, then nothing: long gaps of every cause, and types never collected at all.
 */
beforeAll(async () => {
  await seedUsers(storage.store);
  const connection = await seedConnection(storage.store, 'acme');
  const start = today - days(364);
  const at = (day: number) => new Date(start + days(day) + 6 * 3_600_000).toISOString();
  const artifacts = (types: ArtifactType[]) => types.map((type) => ({ type, records: [deviceRecord(1), deviceRecord(2)] }));
  for (let day = 0; day < 30; day++)
    await seedRun(storage.store, connection, {
      collectedAt: at(day),
      artifacts: artifacts(['device-inventory', 'mdm-enrollment', 'disk-encryption', 'firewall']),
    });
  for (let day = 60; day < 70; day++) await seedRun(storage.store, connection, { collectedAt: at(day), status: 'failed', artifacts: [] });
  for (let day = 150; day < 210; day++) await seedRun(storage.store, connection, { collectedAt: at(day), artifacts: artifacts(['device-inventory']) });
  app = await testApp({ store: storage.store, now: () => now });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  auditor = await signIn(app, 'audrey');
}, 120_000);

afterAll(async () => {
  await app?.close();
  await storage.cleanup();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: auditor.cookie } });

interface ApiDay {
  day: string;
  state: string;
}

describe('the period view of a year', () => {
  it('draws at most 60 cells a row and lists the gaps as ranges covering every gap and partial day of the per-day rows', async () => {
    const view = (await get(`/api/v1${CONTROL}?${window(365)}`)).json() as { timeline: { label: string; days: ApiDay[] }[]; gapRanges: unknown[] };
    expect(view.timeline.length).toBeGreaterThan(2);
    for (const row of view.timeline) expect(row.days).toHaveLength(365);
    const missingDays = view.timeline.flatMap((row) => row.days).filter((d) => d.state === 'gap' || d.state === 'partial').length;
    expect(missingDays).toBeGreaterThan(365);

    const page = await get(`${CONTROL}?${window(365)}`);
    expect(page.statusCode).toBe(200);
    const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(page.body)![0];
    const cells = [...svg.matchAll(/<rect [^>]*\by="(\d+)"/g)].map((m) => m[1]);
    const rows = [...new Set(cells)];
    expect(rows).toHaveLength(view.timeline.length);
    for (const y of rows) expect(cells.filter((c) => c === y).length).toBeLessThanOrEqual(60);

    const list = /<details class="gaps"><summary>Gaps and their causes \((\d+) ranges, (\d+) days\)<\/summary><ul>([\s\S]*?)<\/ul>/.exec(page.body);
    expect(list, 'the gap list').not.toBeNull();
    const lines = [...list![3]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    expect(lines).toHaveLength(Number(list![1]));
    expect(lines.length).toBeLessThan(200);
    let listed = 0;
    for (const line of lines) {
      const range =
        /^(\d{4}-\d{2}-\d{2})(?: to (\d{4}-\d{2}-\d{2}))? \((\d+) days?\) [\w -]+: (no fresh evidence|fresh part of (the|each) day) — (failed run|expired|no run): /.exec(
          line,
        );
      expect(range, line).not.toBeNull();
      const [, from, to = from, count] = range!;
      expect((Date.parse(to!) - Date.parse(from!)) / days(1) + 1, line).toBe(Number(count));
      listed += Number(count);
    }
    expect(listed).toBe(missingDays);
    expect(Number(list![2])).toBe(missingDays);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the period view in Chromium at 1440 px', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('fits the page without horizontal scrolling for 30, 365 and 731 days, and keeps a month of days readable', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name: 'iru_session', value: auditor.cookie.slice('iru_session='.length), url: base }]);
    const page = await context.newPage();
    for (const n of [30, 365, 731]) {
      await page.goto(`${base}${CONTROL}?${window(n)}`);
      const fit = (await page.evaluate(`(() => {
        const svg = document.querySelector('svg.timeline');
        const main = svg.closest('main');
        const style = getComputedStyle(main);
        return {
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          svgWidth: Number(svg.getAttribute('width')),
          drawnWidth: svg.getBoundingClientRect().width,
          container: main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
          cell: svg.querySelector('rect').getBoundingClientRect().width,
        };
      })()`)) as { scrollWidth: number; clientWidth: number; svgWidth: number; drawnWidth: number; container: number; cell: number };
      expect(fit.scrollWidth, `${n} days`).toBeLessThanOrEqual(fit.clientWidth);
      expect(fit.svgWidth, `${n} days: the timeline fits its container at its own size`).toBeLessThanOrEqual(fit.container);
      expect(fit.drawnWidth, `${n} days: not shrunk to fit`).toBe(fit.svgWidth);
      if (n === 30) expect(fit.cell, 'a day cell at 30 days').toBeGreaterThanOrEqual(12);
      if (n === 365) {
        await page.locator('details.gaps summary').click();
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: `${SCREENSHOTS}/period-365.png`, fullPage: true });
      }
    }
    await context.close();
  });
});
