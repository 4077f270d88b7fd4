import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifactDocument } from '../../src/evidence/index.js';
import { tempStore } from '../helpers/store.js';
import { deviceRecord, seedConnection, seedRun } from './helpers/seed.js';
import { seedUsers, signIn, testApp, type Session } from './helpers/web.js';

const ROWS = 100_000;
const storage = tempStore();
let app: FastifyInstance;
let auditor: Session;
let id: string;
let documentBytes: number;
let documentSha256: string;

beforeAll(async () => {
  await seedUsers(storage.store);
  const connection = await seedConnection(storage.store, 'big');
  const records = Array.from({ length: ROWS }, (_, i) => deviceRecord(i));
  const { artifacts } = await seedRun(storage.store, connection, { collectedAt: new Date().toISOString(), artifacts: [{ type: 'device-inventory', records }] });
  id = artifacts[0]!.id;
  const document = await readArtifactDocument(storage.store, (await storage.store.getArtifact(id))!);
  documentBytes = document.length;
  documentSha256 = createHash('sha256').update(document).digest('hex');
  app = await testApp({ store: storage.store });
  auditor = await signIn(app, 'audrey');
}, 120_000);

afterAll(async () => {
  await app.close();
  await storage.cleanup();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: auditor.cookie } });

describe(`a records table of ${ROWS.toLocaleString('en')} rows`, () => {
  it('sends one page of rows, never the whole document', async () => {
    expect(documentBytes).toBeGreaterThan(40_000_000);
    const response = await get(`/api/v1/artifacts/${id}/records`);
    const body = response.json();
    expect(body).toMatchObject({ total: ROWS, matched: ROWS, page: 1, pageSize: 50, pages: 2000 });
    expect(body.rows).toHaveLength(50);
    expect(response.body.length).toBeLessThan(40_000);

    const page = await get(`/artifacts/${id}`);
    const tbody = /<table class="records">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page.body)![1]!;
    expect(tbody.match(/<tr>/g)).toHaveLength(50);
    expect(page.body.length).toBeLessThan(200_000);
    expect(page.body).toContain('Records 1–50 of 100000; page 1 of 2000.');

    const biggest = await get(`/api/v1/artifacts/${id}/records?pageSize=500&page=200`);
    expect(biggest.json().rows).toHaveLength(500);
    expect(biggest.json().rows[0].deviceId).toBe('dev-099500');
    const summary = await get(`/api/v1/artifacts/${id}`);
    expect(summary.body.length).toBeLessThan(20_000);
  });

  it('searches, sorts and pages on the server, quickly once the records are cached', async () => {
    await get(`/api/v1/artifacts/${id}/records?sort=serialNumber`);
    const started = performance.now();
    const found = (await get(`/api/v1/artifacts/${id}/records?q=c02099998xyz`)).json();
    const sorted = (await get(`/api/v1/artifacts/${id}/records?sort=serialNumber&dir=desc&page=2&pageSize=3`)).json();
    const filteredPage = (await get(`/api/v1/artifacts/${id}/records?q=iphone&sort=deviceName&page=3&pageSize=10`)).json();
    const elapsed = performance.now() - started;
    expect(found.matched).toBe(1);
    expect(found.rows[0].deviceId).toBe('dev-099998');
    expect(sorted.rows.map((r: { deviceId: string }) => r.deviceId)).toEqual(['dev-099996', 'dev-099995', 'dev-099994']);
    expect(filteredPage).toMatchObject({ matched: ROWS / 5, page: 3 });
    expect(filteredPage.rows.map((r: { deviceId: string }) => r.deviceId)[0]).toBe('dev-000100');
    expect(elapsed).toBeLessThan(1500);
  });

  it('downloads the whole document and the CSV, streamed from the store', async () => {
    const document = await get(`/api/v1/artifacts/${id}/document`);
    expect(document.statusCode).toBe(200);
    expect(document.rawPayload.length).toBe(documentBytes);
    expect(createHash('sha256').update(document.rawPayload).digest('hex')).toBe(documentSha256);
    const csv = await get(`/api/v1/artifacts/${id}/records.csv`);
    const lines = csv.body.split('\n');
    expect(lines[0]).toMatch(/^deviceId,deviceName,serialNumber,/);
    expect(lines).toHaveLength(ROWS + 2);
    expect(lines[ROWS]).toMatch(/^dev-099999,/);
  });

  it('pages the HTML fragment the page swaps in', async () => {
    const fragment = await get(`/artifacts/${id}/records?page=2000`);
    expect(fragment.body.match(/<tr>/g)).toHaveLength(51);
    expect(fragment.body).toContain('dev-099999');
    expect(fragment.body.length).toBeLessThan(100_000);
  });
});
