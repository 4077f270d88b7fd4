import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type EvidenceStore, openStore, type RunSummary } from '../../src/store/index.js';
import { connectionTiming, freshnessOf, timingText, type ConnectionTiming } from '../../src/diagnose/index.js';
import { ARTIFACT_DEFINITIONS, canonicalJson } from '../../src/evidence/index.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * HOUR);
const iso = (hours: number) => at(hours).toISOString();

const home = mkdtempSync(path.join(tmpdir(), 'iru-timing-'));
const env = { ...process.env, IRU_EVIDENCE_HOME: home };
const store: EvidenceStore = openStore(env);
afterAll(() => store.close());

function summary(runId: string, connectionId: string, status: RunSummary['status'], extra: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    connectionId,
    status,
    startedAt: iso(0),
    finishedAt: iso(0.25),
    sources: [
      { name: 'devices', status: 'succeeded', records: 40, pages: 1, requests: 1, rateLimitWaitMs: 0, durationMs: 1_200, error: null },
      {
        name: 'users',
        status: 'failed',
        records: 0,
        pages: 0,
        requests: 1,
        rateLimitWaitMs: 0,
        durationMs: 80,
        error: { code: 'permission_denied', message: 'The API token lacks the GET permission "List users"' },
      },
      { name: 'prism-apps', status: 'succeeded', records: 900, pages: 3, requests: 4, rateLimitWaitMs: 61_000, durationMs: 65_000, error: null },
      {
        name: 'threats',
        status: 'not_applicable',
        records: 0,
        pages: 0,
        requests: 1,
        rateLimitWaitMs: 0,
        durationMs: 50,
        error: { code: 'not_entitled', message: 'The tenant has no edr (Iru answered 404 for /api/v1/threat-details).' },
      },
    ],
    artifacts: [],
    notEvaluable: [{ type: 'user-assignment', reason: 'permission_denied', sources: ['users'] }],
    error: null,
    ...extra,
  };
}

async function publishedRun(connectionId: string, runId: string, startedHour: number, status: RunSummary['status'], types: string[]): Promise<void> {
  await store.startRun({ id: runId, connectionId, workflowId: runId, startedAt: iso(startedHour) });
  for (const type of types) {
    const envelope = canonicalJson({ type, collectedAt: iso(startedHour), expiresAt: iso(startedHour + 48) });
    const id = `art_${runId.padEnd(12, '0').slice(0, 12)}${String(types.indexOf(type)).padStart(12, '0')}`;
    await store.putArtifact({
      id,
      connectionId,
      runId,
      type,
      collectedAt: iso(startedHour),
      sha256: 'a'.repeat(64),
      contentSha256: 'b'.repeat(64),
      recordCount: 0,
      envelope,
    });
  }
  await store.publishRun(runId, {
    status,
    finishedAt: iso(startedHour + 0.25),
    summary: { ...summary(runId, connectionId, status), startedAt: iso(startedHour), finishedAt: iso(startedHour + 0.25) },
  });
}

const pendingReason = (t: ConnectionTiming, type: string) => t.pending.find((p) => p.type === type)?.reason;

describe('collection timing per connection', () => {
  it('freshness: fresh, due within the last 20% of the lifetime, stale after expiry', () => {
    expect(freshnessOf(iso(0), iso(48), at(10))).toEqual({ freshness: 'fresh', dueAt: iso(38.4) });
    expect(freshnessOf(iso(0), iso(48), at(38.4)).freshness).toBe('due');
    expect(freshnessOf(iso(0), iso(48), at(48)).freshness).toBe('stale');
  });

  it('before any run: each Artifact says when it will appear', async () => {
    const connection = await store.saveConnection({
      name: 'fresh-tenant',
      baseUrl: 'https://fresh.api.kandji.io',
      token: '0b7c2f0e-5d0a-4c43-9f3e-2a1d6f0c9b11',
    });
    const none = await connectionTiming(store, connection, { now: at(1) });
    expect(none.lastRun).toBeNull();
    expect(none.pending.map((p) => p.type)).toEqual(ARTIFACT_DEFINITIONS.map((d) => d.type));
    expect(pendingReason(none, 'device-inventory')).toBe(
      'Not collected yet: it appears after the next collection, and none is scheduled: run `iru-evidence collect --connection fresh-tenant`',
    );
    const scheduled = await connectionTiming(store, connection, { now: at(1), nextRunAt: () => at(6) });
    expect(pendingReason(scheduled, 'device-inventory')).toBe(`Not collected yet: it appears at the next scheduled collection, at ${iso(6)}`);
    expect(scheduled.nextRun).toEqual({ at: iso(6), message: `The next collection is scheduled at ${iso(6)}` });
  });

  it('after runs: last run and outcome, last successful sync, time per source and on rate limits, freshness and reasons', async () => {
    const connection = await store.saveConnection({
      name: 'busy-tenant',
      baseUrl: 'https://busy.api.kandji.io',
      token: '0b7c2f0e-5d0a-4c43-9f3e-2a1d6f0c9b11',
    });
    await publishedRun(connection.id, 'run-one', 0, 'succeeded', ['device-inventory', 'mdm-enrollment']);
    await publishedRun(connection.id, 'run-two', 30, 'partial', ['device-inventory']);
    const nextRunAt = vi.fn(() => iso(54));
    const timing = await connectionTiming(store, connection, { now: at(70), nextRunAt });
    expect(nextRunAt).toHaveBeenCalledWith(expect.objectContaining({ id: connection.id }));
    expect(timing.lastRun).toMatchObject({ runId: 'run-two', status: 'partial', startedAt: iso(30), durationMs: 0.25 * HOUR });
    expect(timing.lastSuccessfulSync).toMatchObject({ runId: 'run-one', status: 'succeeded' });
    expect(timing.sources.find((s) => s.name === 'prism-apps')).toEqual({
      name: 'prism-apps',
      status: 'succeeded',
      records: 900,
      requests: 4,
      durationMs: 65_000,
      rateLimitWaitMs: 61_000,
      error: null,
    });
    expect(timing.rateLimitWaitMs).toBe(61_000);

    const inventory = timing.artifacts.find((a) => a.type === 'device-inventory')!;
    expect(inventory).toMatchObject({ runId: 'run-two', freshness: 'due', expiresAt: iso(78) });
    expect(inventory.reason).toBe(`Due: expires at ${iso(78)}; it refreshes at the next scheduled collection, at ${iso(54)}`);
    const mdm = timing.artifacts.find((a) => a.type === 'mdm-enrollment')!;
    expect(mdm.freshness).toBe('stale');
    expect(mdm.reason).toBe(
      `Stale: expired at ${iso(48)}; the last collection (partial) did not replace it; it refreshes at the next scheduled collection, at ${iso(54)}`,
    );

    expect(pendingReason(timing, 'user-assignment')).toBe(
      `Not evaluable: the API token lacks the GET permission for users (see \`iru-evidence diagnose\`); once granted, it appears at the next ` +
        `scheduled collection, at ${iso(54)}`,
    );
    if (ARTIFACT_DEFINITIONS.some((d) => d.type === 'threat-detections')) {
      expect(pendingReason(timing, 'threat-detections')).toMatch(/^Not applicable: The tenant has no edr/);
    }

    const late = await connectionTiming(store, connection, { now: at(31), nextRunAt: () => iso(90) });
    expect(late.artifacts.find((a) => a.type === 'device-inventory')!.reason).toBe(
      `Fresh until ${iso(68.4)}; expires at ${iso(78)}; the next scheduled collection comes after that, so it will be stale from ${iso(78)} until ${iso(90)}`,
    );

    await store.startRun({ id: 'run-three', connectionId: connection.id, workflowId: 'run-three', startedAt: iso(71) });
    const running = await connectionTiming(store, connection, { now: at(71.1) });
    expect(running.running).toEqual({ runId: 'run-three', startedAt: iso(71) });
    expect(running.lastRun!.runId).toBe('run-two');
    expect(pendingReason(running, 'user-assignment')).toBe(
      `Not visible yet: a collection is running (started ${iso(71)}); it appears when that run is published`,
    );
    expect(timingText(running)).toMatch(/Running now: +run-three/);
  });

  it('iru-evidence status --connection NAME [--json]', async () => {
    let stdout = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const saved = process.env.IRU_EVIDENCE_HOME;
    process.env.IRU_EVIDENCE_HOME = home;
    try {
      expect(await main(['node', 'iru-evidence', 'status', '--connection', 'busy-tenant', '--json'])).toBe(0);
      const timing = JSON.parse(stdout) as ConnectionTiming;
      expect(timing.connection.name).toBe('busy-tenant');
      expect(timing.lastRun?.runId).toBe('run-two');
      stdout = '';
      expect(await main(['node', 'iru-evidence', 'status', '--connection', 'busy-tenant'])).toBe(0);
      expect(stdout).toMatch(/^Connection busy-tenant \(https:\/\/busy\.api\.kandji\.io\): ok\nLast run: +partial at /);
      expect(stdout).toMatch(/prism-apps +succeeded +900 records +4 requests +1 min, 1 min rate-limited/);
    } finally {
      out.mockRestore();
      process.exitCode = undefined;
      if (saved === undefined) delete process.env.IRU_EVIDENCE_HOME;
      else process.env.IRU_EVIDENCE_HOME = saved;
    }
  });
});
