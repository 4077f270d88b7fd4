import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifactDocument } from '../../src/evidence/index.js';
import { tempStore } from '../helpers/store.js';
import { deviceRecord, seedConnection, seedRun, XSS_NAME } from './helpers/seed.js';
import { seedUsers, signIn, testApp, type Session } from './helpers/web.js';

const storage = tempStore();
const now = new Date('2024-06-10T12:00:00.000Z');
let app: FastifyInstance;
let auditor: Session;
let older: string;
let current: string;
let failedRunId: string;

beforeAll(async () => {
  await seedUsers(storage.store);
  const connection = await seedConnection(storage.store, 'acme');
  const first = await seedRun(storage.store, connection, {
    collectedAt: '2024-06-08T06:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(1), deviceRecord(2), deviceRecord(3)] }],
  });
  failedRunId = (await seedRun(storage.store, connection, { collectedAt: '2024-06-09T06:00:00.000Z', status: 'failed', artifacts: [] })).runId;
  const second = await seedRun(storage.store, connection, {
    collectedAt: '2024-06-10T06:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(2), deviceRecord(3, { osVersion: '15.2' }), deviceRecord(4, { deviceName: XSS_NAME })] }],
  });
  older = first.artifacts[0]!.id;
  current = second.artifacts[0]!.id;
  app = await testApp({ store: storage.store, now: () => now });
  auditor = await signIn(app, 'audrey');
});

afterAll(async () => {
  await app.close();
  await storage.cleanup();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: auditor.cookie } });

describe('browsing frameworks, controls and Artifacts', () => {
  it('lists frameworks and their controls with evidence state per artifact type', async () => {
    const frameworks = (await get('/api/v1/frameworks')).json().frameworks as { id: string; evidence: Record<string, number> }[];
    expect(frameworks.map((f) => f.id)).toEqual(['soc2', 'iso27001-2022', 'nist-800-53r5', 'cis-v8', 'hipaa', 'pci-dss-4.0']);
    expect(frameworks[0]!.evidence.fresh).toBe(1);
    const soc2 = (await get('/api/v1/frameworks/soc2')).json();
    const cc61 = soc2.controls.find((c: { id: string }) => c.id === 'CC6.1');
    expect(cc61.types).toContainEqual({ type: 'device-inventory', state: 'fresh' });
    expect(cc61.coverage).toEqual({ evaluated: 3, total: 3 });
    const page = await get('/frameworks/soc2');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/frameworks/soc2/controls/CC6.1"');
    expect(page.body).toContain('<svg role="img"');
  });

  it('shows a control: actions, current evidence, and a freshness timeline with the causes of gaps', async () => {
    const view = (await get('/api/v1/frameworks/soc2/controls/CC6.1?from=2024-06-06&to=2024-06-11')).json();
    expect(view.period).toEqual({ from: '2024-06-06', to: '2024-06-11', days: 6 });
    const action = view.actions.find((a: { id: string }) => a.id === 'CC6.1.asset-inventory');
    const inventory = action.evidence.find((e: { type: string }) => e.type === 'device-inventory');
    expect(inventory.artifacts.map((a: { id: string }) => a.id)).toEqual([current]);
    expect(action.satisfied).toBe(false);
    expect(action.verdict).toBe('not_evaluable');
    expect(action.reasons).toContainEqual(expect.stringMatching(/^acme: no mdm-enrollment evidence was collected \(/));
    const enrollment = action.evidence.find((e: { type: string }) => e.type === 'mdm-enrollment');
    expect(enrollment.checks).toMatchObject([{ connection: { name: 'acme' }, verdict: 'not_evaluable', artifact: null, gap: { reason: expect.any(String) } }]);
    const row = view.timeline.find((r: { label: string }) => r.label === 'device-inventory');
    expect(row.days.map((d: { state: string }) => d.state)).toEqual(['gap', 'gap', 'partial', 'fresh', 'fresh', 'future']);
    expect(row.days[0]).toMatchObject({ cause: 'no_run' });
    const page = await get('/frameworks/soc2/controls/CC6.1?from=2024-06-06&to=2024-06-11');
    expect(page.body).toContain('class="timeline"');
    expect(page.body).toContain('/api/v1/exports/package.zip?framework=soc2&amp;from=2024-06-06&amp;to=2024-06-11');
  });

  it('shows an Artifact: summary, freshness, run, versions with what changed, records escaped', async () => {
    const view = (await get(`/api/v1/artifacts/${current}`)).json();
    expect(view.artifact).toMatchObject({ id: current, freshness: 'fresh', records: 3, current: true, connection: { name: 'acme' } });
    expect(view.run).toMatchObject({ status: 'succeeded' });
    expect(view.versions.map((v: { id: string }) => v.id)).toEqual([current, older]);
    expect(view.versions[0].previousId).toBe(older);
    const page = await get(`/artifacts/${current}`);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain(XSS_NAME);
    expect(page.body).toContain('badge-fresh');
    expect(page.body).toContain(`/artifacts/${current}/changes?from=${older}`);
  });

  it('says which records were added, removed and changed between versions', async () => {
    const changes = (await get(`/api/v1/artifacts/${current}/changes?from=${older}`)).json();
    expect(changes.records).toMatchObject({
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 1,
      keyFields: ['deviceId'],
      addedKeys: ['dev-000004'],
      removedKeys: ['dev-000001'],
      changedKeys: ['dev-000003'],
    });
    const page = await get(`/artifacts/${current}/changes?from=${older}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Records added: 1');
  });

  it('searches, sorts and pages records on the server', async () => {
    const all = (await get(`/api/v1/artifacts/${current}/records?sort=deviceName&dir=desc&pageSize=2`)).json();
    expect(all).toMatchObject({ total: 3, matched: 3, pages: 2, page: 1 });
    expect(all.rows.map((r: { deviceId: string }) => r.deviceId)).toEqual(['dev-000003', 'dev-000002']);
    const found = (await get(`/api/v1/artifacts/${current}/records?q=onerror`)).json();
    expect(found.matched).toBe(1);
    expect(found.rows[0].deviceName).toBe(XSS_NAME);
    const fragment = await get(`/artifacts/${current}/records?q=C02000002`);
    expect(fragment.body.startsWith('<div id="records"')).toBe(true);
    expect(fragment.body.match(/<tr>/g)).toHaveLength(2);
  });

  it('re-verifies the hashes of the stored document, also without script', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/artifacts/${current}/verify`,
      headers: { cookie: auditor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${auditor.csrf}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('both hashes match the stored document');
  });

  it('downloads the stored document byte for byte and the records as CSV', async () => {
    const document = await get(`/api/v1/artifacts/${current}/document`);
    expect(document.headers['content-disposition']).toBe(`attachment; filename="device-inventory-${current}.json"`);
    expect(document.body).toBe(await readArtifactDocument(storage.store, (await storage.store.getArtifact(current))!));
    const csv = await get(`/api/v1/artifacts/${current}/records.csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^deviceId,deviceName,serialNumber/);
    expect(csv.body).toContain(XSS_NAME);
  });

  it('shows runs with per-source outcome and timing, escaping error text', async () => {
    const runs = (await get('/api/v1/runs')).json().runs as { id: string; status: string; durationMs: number }[];
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(runs[0]!.durationMs).toBe(42_000);
    const page = await get(`/runs/${encodeURIComponent(failedRunId)}`);
    expect(page.body).toContain('The Iru API answered 503 &lt;b&gt;three&lt;/b&gt; times');
    expect(page.body).toContain('Try again later');
    const connections = (await get('/api/v1/connections')).json().connections;
    expect(connections[0]).toMatchObject({ name: 'acme', currentArtifacts: 1, lastRun: { status: 'succeeded' } });
  });
});

describe('bad input changes nothing and says what is wrong', () => {
  it.each([
    ['/api/v1/artifacts/art_nothex', 400, /not an Artifact id: art_ followed by 24 hexadecimal digits/],
    ['/api/v1/artifacts/art_000000000000000000000000', 404, /No published Artifact/],
    ['/api/v1/frameworks/sox', 404, /No framework "sox"; known frameworks: soc2/],
    ['/api/v1/frameworks/soc2/controls/CC9.9', 404, /No control "CC9.9" in SOC 2/],
    ['/api/v1/frameworks/soc2/controls/CC6.1?from=2024-02-30', 400, /"from" must be a calendar date written YYYY-MM-DD/],
    ['/api/v1/frameworks/soc2/controls/CC6.1?from=2024-06-10&to=2024-06-01', 400, /starts \(2024-06-10\) after it ends/],
    ['/api/v1/frameworks/soc2/controls/CC6.1?from=2020-01-01&to=2024-01-01', 400, /at most 731 days/],
    ['/api/v1/frameworks/soc2/controls/CC6.1?from=2024-06-01&from=2024-06-02', 400, /"from" must be given once/],
    ['/api/v1/artifacts/ART/records', 400, /not an Artifact id/],
    ['/api/v1/exports/package.zip', 400, /"framework" is required/],
    ['/api/v1/exports/oscal.json?framework=soc2&connection=nope', 404, /No connection named "nope"/],
    ['/api/v1/runs/%3Cscript%3E', 400, /not a run id/],
    ['/api/v1/runs/collect-none', 404, /No run collect-none/],
    ['/api/v1/nothing-here', 404, /Nothing at GET \/api\/v1\/nothing-here/],
    ['/api/v1/artifacts?type=laptops', 400, /"type" must be one of device-inventory, mdm-enrollment/],
    ['/api/v1/artifacts?current=maybe', 400, /"current" must be one of true, false/],
  ])('GET %s -> %i', async (url, status, message) => {
    const response = await get(url);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.message).toMatch(message);
  });

  it.each([
    ['pageSize=501', /"pageSize" must be between 1 and 500/],
    ['page=0', /"page" must be between 1/],
    ['page=9', /Page 9 is past the last page \(1\)/],
    ['sort=nope', /Cannot sort by "nope": the records have the fields deviceId/],
    ['dir=up', /"dir" must be one of asc, desc/],
    ['pageSize=ten', /"pageSize" must be a whole number/],
  ])('records?%s -> 400', async (query, message) => {
    const response = await get(`/api/v1/artifacts/${current}/records?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(message);
  });

  it('renders errors on pages as escaped HTML', async () => {
    const response = await get('/frameworks/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('No framework &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(response.body).not.toContain('<script>alert');
  });

  it('refuses a changes request across different Artifacts', async () => {
    const response = await get(`/api/v1/artifacts/${current}/changes`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/"from" is required/);
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script, and no-sniff, no-frame, no-referrer, no-store', async () => {
    const response = await get('/frameworks');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/<script>|<style>| style="| on[a-z]+="/);
    const script = await app.inject({ method: 'GET', url: '/static/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });
});
