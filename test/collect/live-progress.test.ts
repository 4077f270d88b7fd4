import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/output/progress.js';
import type { LiveProgress } from '../../src/collector/live-progress.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { collectionWorkflowId, runCollection } from '../../src/temporal/client.js';
import { askWorkflow } from '../../src/temporal/workflow-progress.js';
import { devicePages, requestFloor } from '../../src/simulator/request-floor.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { seedUsers, signIn, testApp, type Session } from '../web/helpers/web.js';

const TOKEN = randomUUID();
const STAGES = ['planning', 'waiting-for-budget', 'collecting', 'building', 'publishing', 'done'];
const storage = tempStore();
let temporal: TemporalHarness;
let sim: RunningSimulator;
let app: FastifyInstance;
let session: Session;

beforeAll(async () => {
  temporal = await temporalHarness();
  // A slow tenant and a tight budget: about 10 s of collecting, long enough to watch.
  await temporal.startWorker({ store: storage.store, budget: { perSecond: 20, maxConcurrent: 4 } });
  sim = await startSimulator({ fleet: { seed: 17, devices: 1_500, tenant: 'live' }, tokens: { [TOKEN]: { permissions: 'all' } }, latencyMs: 40 });
  await seedUsers(storage.store);
  app = await testApp({ store: storage.store, askWorkflow: askWorkflow(temporal.client) });
  session = await signIn(app, 'audrey');
}, 120_000);

afterAll(async () => {
  await app?.close();
  await temporal?.close();
  await sim?.close();
  await storage.cleanup();
});

describe('live status of a running collection', () => {
  it('shows the workflow stage and the pages stored so far while it runs, and the generator counts once it is done', async () => {
    const connection = await storage.store.saveConnection({ name: 'live', baseUrl: sim.url, token: TOKEN });
    const workflowId = collectionWorkflowId(connection.name);
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
    let done = false;
    const result = runCollection(temporal.client, temporal.taskQueue, { connectionId: connection.id }, workflowId).finally(() => (done = true));

    const seen: LiveProgress[] = [];
    let liveFragment = '';
    const deadline = Date.now() + 120_000;
    while (!done && Date.now() < deadline) {
      const response = await get(`/api/v1/runs/${workflowId}/progress`);
      if (response.statusCode === 200) {
        const progress = response.json<LiveProgress>();
        if (progress.status === 'running') seen.push(progress);
        if (progress.stage === 'collecting' && progress.requests.fetched > 0 && !liveFragment) liveFragment = (await get(`/runs/${workflowId}/live`)).body;
      } else {
        expect(response.statusCode).toBe(404); // not planned yet: no run record
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const summary = await result;
    expect(summary.status).toBe('succeeded');

    const stages = seen.map((p) => p.stage).filter((s) => s !== undefined);
    expect(stages).toContain('collecting');
    expect(stages).toContain('building');
    expect(stages.map((s) => STAGES.indexOf(s!))).toEqual([...stages.map((s) => STAGES.indexOf(s!))].sort((a, b) => a - b));
    const fetched = seen.map((p) => p.requests.fetched);
    expect(fetched).toEqual([...fetched].sort((a, b) => a - b));
    const midway = seen.find((p) => p.stage === 'collecting' && p.requests.fetched > 0 && p.requests.fetched < p.requests.estimated!);
    expect(midway, 'a snapshot part-way through collecting').toBeDefined();
    const percent = Math.floor((100 * midway!.requests.fetched) / midway!.requests.estimated!);
    expect(progressLine(midway, '⠋')).toMatch(
      new RegExp(
        `^⠋ collecting [█░]{24} ${percent}% · ${midway!.requests.fetched} of (about|at least) ` +
          `${midway!.requests.estimated!.toLocaleString('en-US')} requests · [\\d,]+ rows · \\d+ s$`,
      ),
    );
    const building = seen.filter((p) => p.stage === 'building');
    expect(building.every((p) => p.artifacts!.total === summary.artifacts.length && p.artifacts!.built < p.artifacts!.total)).toBe(true);
    expect(progressLine(building[0], '⠋')).toMatch(new RegExp(`^⠋ building Artifacts ${building[0]!.artifacts!.built}/${summary.artifacts.length} · `));

    expect(liveFragment).toContain('data-status="running"');
    expect(liveFragment).toMatch(/<strong data-live-stage>collecting<\/strong>/);
    expect(liveFragment).toContain('<progress');

    const final = (await get(`/api/v1/runs/${workflowId}/progress`)).json<LiveProgress>();
    expect(final).toMatchObject({ status: 'succeeded', stage: 'done' });
    const stored = new Map(final.sources.map((s) => [s.source, s]));
    for (const source of summary.sources.filter((s) => s.pages > 0)) expect(stored.get(source.name)?.pages, source.name).toBe(source.pages);
    // Rows and pages fetched, from the generator rather than the collector.
    const floor = requestFloor(sim.fleet, { from: summary.startedAt, to: summary.startedAt }).bySource;
    expect(stored.get('devices')).toEqual({ source: 'devices', pages: devicePages(sim.fleet.deviceCount), rows: sim.fleet.deviceCount });
    expect(stored.get('users')).toEqual({ source: 'users', pages: floor.users, rows: sim.fleet.userCount });
    expect(stored.get('prism-filevault')).toEqual({ source: 'prism-filevault', pages: floor['prism-filevault'], rows: sim.fleet.prismRowCount('filevault') });
    const page = (await get(`/runs/${workflowId}`)).body;
    expect(page).not.toContain('data-live');
    expect(page).toContain('<h2>Sources</h2>');
  }, 180_000);
});
