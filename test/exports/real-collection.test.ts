import { randomUUID, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageManifest } from '../../src/exports/evidence-package.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectOnce } from '../helpers/collect.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { seedUsers, signIn, testApp, type Session } from '../web/helpers/web.js';
import { readZip } from './helpers/read-zip.js';

const TOKEN = randomUUID();
const SCHEMA = path.resolve(process.cwd(), '../shared/reference/oscal/oscal_assessment-results_schema.json');
const storage = tempStore();
let temporal: TemporalHarness;
let simulator: RunningSimulator;
let app: FastifyInstance;
let auditor: Session;

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store });
  simulator = await startSimulator({ fleet: { seed: 909, devices: 60 }, tokens: { [TOKEN]: { permissions: 'all' } } });
  await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: simulator.url, token: TOKEN, name: 'sim' });
  await seedUsers(storage.store);
  app = await testApp({ store: storage.store });
  auditor = await signIn(app, 'audrey');
}, 180_000);

afterAll(async () => {
  await app?.close();
  await temporal?.close();
  await simulator?.close();
  await storage.cleanup();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: auditor.cookie } });

describe('the web app and exports over Artifacts from a real collection', () => {
  it('renders every collected Artifact type generically, and re-verifies each', async () => {
    const artifacts = (await get('/api/v1/artifacts')).json().artifacts as { id: string; type: string; records: number }[];
    expect(artifacts.length).toBeGreaterThan(0);
    for (const artifact of artifacts) {
      const page = await get(`/artifacts/${artifact.id}`);
      expect(page.statusCode, artifact.type).toBe(200);
      const records = (await get(`/api/v1/artifacts/${artifact.id}/records?pageSize=5`)).json();
      expect(records.total, artifact.type).toBe(artifact.records);
      const verified = await app.inject({
        method: 'POST',
        url: `/api/v1/artifacts/${artifact.id}/verify`,
        headers: { cookie: auditor.cookie, 'x-csrf-token': auditor.csrf },
      });
      expect(verified.json(), artifact.type).toMatchObject({ intact: true });
    }
    for (const framework of ['soc2', 'iso27001-2022', 'nist-800-53r5', 'cis-v8', 'hipaa', 'pci-dss-4.0']) {
      const view = (await get(`/api/v1/frameworks/${framework}`)).json();
      for (const control of view.controls) expect((await get(`/frameworks/${framework}/controls/${encodeURIComponent(control.id)}`)).statusCode).toBe(200);
    }
  });

  it.skipIf(!existsSync(SCHEMA))('exports OSCAL that validates against NIST schema for every framework', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    for (const framework of ['soc2', 'iso27001-2022', 'nist-800-53r5', 'cis-v8', 'hipaa', 'pci-dss-4.0']) {
      const response = await get(`/api/v1/exports/oscal.json?framework=${framework}&connection=sim`);
      expect(response.statusCode).toBe(200);
      const valid = validate(response.json());
      expect(validate.errors?.slice(0, 3) ?? [], framework).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('exports an evidence package whose manifest matches its files', async () => {
    const response = await get('/api/v1/exports/package.zip?framework=cis-v8');
    expect(response.statusCode).toBe(200);
    const entries = await readZip(response.rawPayload);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as PackageManifest;
    expect(manifest.files.filter((f) => f.kind === 'artifact').length).toBeGreaterThan(0);
    for (const file of manifest.files) expect(createHash('sha256').update(entries.get(file.file)!).digest('hex')).toBe(file.sha256);
  });
});
