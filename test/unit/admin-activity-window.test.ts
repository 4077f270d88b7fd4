import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources } from '../../src/collector/collect-sources.js';
import type { CollectorDeps } from '../../src/collector/deps.js';
import { planCollection } from '../../src/collector/plan-collection.js';
import { artifactsToBuild, completedRun } from '../../src/collector/run-result.js';
import { buildArtifact } from '../../src/evidence/artifact-build.js';
import type { ArtifactEnvelope } from '../../src/evidence/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import type { ArtifactRef, Connection, StoredArtifact } from '../../src/store/index.js';
import type { WebContext } from '../../src/web/context.js';
import { artifactPage } from '../../src/web/pages/artifact-page.js';
import { artifactView } from '../../src/web/views/artifact-view.js';
import { tempStore } from '../helpers/store.js';

/**
 * The admin-activity Artifact over a rolling window, collected every hour for a day with planning, collection and
 * builds called as plain functions (no Temporal). The simulator's clock moves an hour before each run: new audit events
 * arrive, the oldest leave the API's year. What the Artifact must hold comes from the simulator's own timeline.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOKEN = randomUUID();
const START = '2026-11-01T12:00:00.000Z';
/** An event an hour: 8,760 in the API's year (18 pages of 500 on a first read), about 24 new and 24 gone in a day. */
const EVENTS_PER_YEAR = 24 * 365;
const RETRY = { maximumAttempts: 3, initialIntervalMs: 1_000, maximumIntervalMs: 60_000 };
const storage = tempStore();
const logger = createLogger({ test: true }, { LOG_LEVEL: 'silent' });
const buildDeps = { store: storage.store, logger, connectorVersion: 'test', heartbeat: () => {} };
let sim: RunningSimulator;

const at = (ms: number) => new Date(ms).toISOString();
const hoursAfterStart = (hours: number) => at(Date.parse(START) + hours * HOUR);

beforeAll(async () => {
  sim = await startSimulator({
    fleet: { seed: 23, devices: 40, now: START, auditEventsPerYear: EVENTS_PER_YEAR },
    tokens: { [TOKEN]: { permissions: 'all' } },
  });
}, 60_000);

afterAll(async () => {
  await sim.close();
  await storage.cleanup();
});

async function newConnection(): Promise<Connection> {
  return storage.store.saveConnection({ name: `window-${randomUUID().slice(0, 8)}`, baseUrl: sim.url, token: TOKEN });
}

/** One collection of `sources` at the simulator's clock, published; its Artifacts by type. */
async function collectAt(connection: Connection, startedAt: string, deps: CollectorDeps, sources: string[]): Promise<Map<string, ArtifactRef>> {
  sim.setClock(startedAt);
  const runId = randomUUID();
  const plan = await planCollection(deps, { connectionId: connection.id, runId, workflowId: `wf-${runId}`, startedAt, sources });
  const attempt = { attempt: 1, heartbeat: () => {}, keepAliveMs: 1_000, signal: new AbortController().signal };
  const outcomes = await collectSources(deps, { connectionId: connection.id, runId, sources: plan.phases.flat(), retry: RETRY, attemptLimit: 3 }, attempt);
  const refs: ArtifactRef[] = [];
  for (const build of artifactsToBuild(plan.artifacts, outcomes)) refs.push(await buildArtifact(buildDeps, { connectionId: connection.id, runId, ...build }));
  const summary = completedRun({ runId, connectionId: connection.id, startedAt, finishedAt: startedAt }, plan, outcomes, refs);
  await storage.store.publishRun(runId, { status: summary.status, finishedAt: startedAt, summary });
  return new Map(refs.map((ref) => [ref.type, ref]));
}

async function stored(id: string): Promise<{ artifact: StoredArtifact; envelope: ArtifactEnvelope; records: { id: string; occurredAt: string }[] }> {
  const artifact = (await storage.store.getArtifact(id))!;
  const records: { id: string; occurredAt: string }[] = [];
  for await (const body of storage.store.artifactRecords(id)) records.push(JSON.parse(body) as { id: string; occurredAt: string });
  return { artifact, envelope: JSON.parse(artifact.envelope) as ArtifactEnvelope, records };
}

/** The simulator's events from `from` to `to`, both included, as the Artifact's ids (times to the millisecond, as recorded). */
function expectedIds(from: string, to: string): string[] {
  return [...sim.fleet.auditEventsBetween(from, to)].map((e) => e.id);
}

/** The `start_date` of every audit-log request since request `from`. */
function auditReadsSince(from: number): string[] {
  return sim.requestLog
    .slice(from)
    .filter((r) => r.path === '/api/v1/audit/events')
    .map((r) => new URLSearchParams(r.query).get('start_date') ?? '');
}

describe('the simulated audit log as its clock moves on', () => {
  it('serves the events of the year up to the clock, new ones arriving and the oldest leaving', async () => {
    const ids = async (query: string) => {
      const found: string[] = [];
      for (let link: string | null = `/api/v1/audit/events?limit=500${query}`; link;) {
        const response = await fetch(new URL(link, sim.url), { headers: { Authorization: `Bearer ${TOKEN}` } });
        const page = (await response.json()) as { results: { id: string }[]; next: string | null };
        found.push(...page.results.map((e) => e.id));
        link = page.next && new URL(page.next).pathname + new URL(page.next).search;
      }
      return found;
    };
    sim.setClock(START);
    expect(await ids('')).toEqual([...sim.fleet.auditEvents()].map((e) => e.id));
    const later = hoursAfterStart(30 * 24);
    sim.setClock(later);
    expect(sim.clock()).toBe(later.replace('.000Z', '.000000Z'));
    const year = expectedIds(at(Date.parse(later) - 365 * DAY), later);
    expect(await ids('')).toEqual(year);
    expect(year.length).toBeGreaterThan(EVENTS_PER_YEAR - 2);
    // Asked for more than the year, or past the clock: what happened within the year, no more.
    expect(await ids(`&start_date=${at(Date.parse(later) - 400 * DAY)}&end_date=${at(Date.parse(later) + DAY)}`)).toEqual(year);
    expect(await ids(`&start_date=${START}&end_date=${later}`)).toEqual(expectedIds(START, later));
  });
});

describe('the admin-activity Artifact over a rolling window, collected every hour for a day', () => {
  it('holds every event of the last 365 days after each run, reading the API only since the previous run', async () => {
    const connection = await newConnection();
    const deps: CollectorDeps = { store: storage.store, logger, budget: { perSecond: 500, maxConcurrent: 4 } };
    const first = await collectAt(connection, START, deps, ['audit-events']);
    const firstArtifact = await stored(first.get('admin-activity')!.id);
    const firstFrom = at(Date.parse(START) - 365 * DAY);
    expect(firstArtifact.records.map((r) => r.id)).toEqual(expectedIds(firstFrom, START));
    expect(firstArtifact.envelope.covers).toEqual({ kind: 'window', from: firstFrom, to: START, windowDays: 365 });

    let last = first;
    for (let hour = 1; hour <= 24; hour++) {
      const before = sim.requestLog.length;
      last = await collectAt(connection, hoursAfterStart(hour), deps, ['audit-events']);
      // Only the hour since the previous run, from an hour before its end (the overlap for late events): one page.
      expect(auditReadsSince(before)).toEqual([hoursAfterStart(hour - 2)]);
    }

    const end = hoursAfterStart(24);
    const from = at(Date.parse(end) - 365 * DAY);
    const { envelope, records } = await stored(last.get('admin-activity')!.id);
    const expected = expectedIds(from, end);
    expect(records.map((r) => r.id)).toEqual(expected); // every event of the window, once, in time order
    expect(envelope.summary.counts.events).toBe(expected.length);
    expect(envelope.covers).toEqual({ kind: 'window', from, to: end, windowDays: 365 });

    // The day's new events are in; those that left the window are gone.
    const arrived = expectedIds(at(Date.parse(START) + 1), end);
    const left = expectedIds(firstFrom, at(Date.parse(from) - 1));
    expect(arrived.length).toBeGreaterThan(15);
    expect(left.length).toBeGreaterThan(15);
    const ids = new Set(records.map((r) => r.id));
    expect(arrived.every((id) => ids.has(id))).toBe(true);
    expect(left.some((id) => ids.has(id))).toBe(false);
    expect(records.every((r) => r.occurredAt >= from && r.occurredAt <= end)).toBe(true);

    // The same window read whole by a new connection is the same evidence: the same content hash.
    const fresh = await collectAt(await newConnection(), end, deps, ['audit-events']);
    expect(fresh.get('admin-activity')!.contentSha256).toBe(last.get('admin-activity')!.contentSha256);
    expect(fresh.get('admin-activity')!.records).toBe(expected.length);
  }, 120_000);

  it('keeps events the API no longer holds when the window is longer than its year, and states the part it could not read', async () => {
    const connection = await newConnection();
    const deps: CollectorDeps = { store: storage.store, logger, budget: { perSecond: 500, maxConcurrent: 4 }, auditWindowDays: 400 };
    const firstHeld = at(Date.parse(START) - 365 * DAY);
    const first = await stored((await collectAt(connection, START, deps, ['audit-events'])).get('admin-activity')!.id);
    expect(first.envelope.covers).toMatchObject({
      kind: 'window',
      from: firstHeld,
      to: START,
      windowDays: 400,
      gap: { from: at(Date.parse(START) - 400 * DAY), to: firstHeld, reason: 'history_unavailable' },
    });

    let last = first;
    for (let hour = 6; hour <= 24; hour += 6)
      last = await stored((await collectAt(connection, hoursAfterStart(hour), deps, ['audit-events'])).get('admin-activity')!.id);
    const end = hoursAfterStart(24);
    // The API now holds a year back from `end`; the Artifact still has the day before that, from the first run.
    expect(last.records.map((r) => r.id)).toEqual(expectedIds(firstHeld, end));
    expect(expectedIds(firstHeld, at(Date.parse(end) - 365 * DAY - 1)).length).toBeGreaterThan(15);
    expect(last.envelope.covers).toMatchObject({ kind: 'window', from: firstHeld, to: end, windowDays: 400, gap: { reason: 'history_unavailable' } });
  }, 120_000);

  it('states a snapshot for an inventory, and shows the period on the Artifact page', async () => {
    const connection = await newConnection();
    const deps: CollectorDeps = { store: storage.store, logger, budget: { perSecond: 500, maxConcurrent: 4 } };
    const refs = await collectAt(connection, START, deps, ['devices', 'audit-events']);
    const inventory = (await stored(refs.get('device-inventory')!.id)).artifact;
    const envelope = JSON.parse(inventory.envelope) as ArtifactEnvelope;
    expect(envelope.covers).toEqual({ kind: 'snapshot', from: inventory.collectedAt, to: inventory.collectedAt });

    const ctx = { store: storage.store, now: () => new Date() } as unknown as WebContext;
    const records = { total: 0, matched: 0, page: 1, pageSize: 50, pages: 0, q: '', result: null, sort: null, dir: 'asc' as const, columns: [], rows: [] };
    const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const seconds = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const inventoryPage = text(artifactPage({ principal: null }, await artifactView(ctx, inventory.id), records));
    expect(inventoryPage).toContain(`Evidence covers a snapshot, as read at ${seconds(inventory.collectedAt)}`);
    const activityPage = text(artifactPage({ principal: null }, await artifactView(ctx, refs.get('admin-activity')!.id), records));
    expect(activityPage).toContain(`Evidence covers ${seconds(at(Date.parse(START) - 365 * DAY))} to ${seconds(START)} (rolling 365 days)`);
  }, 120_000);
});
