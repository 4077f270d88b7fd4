import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printRunSummary } from '../../src/cli/output/run-summary.js';
import type { RunSummary } from '../../src/store/index.js';
import { FAILURES } from '../../src/failures/index.js';
import type { AttentionNotice } from '../../src/notify/notifier.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { describeSchedule, scheduleIdFor, setSchedule, triggerSchedule } from '../../src/temporal/schedules.js';
import { runPage } from '../../src/web/pages/run-pages.js';
import type { WebContext } from '../../src/web/context.js';
import { runView } from '../../src/web/views/runs-view.js';
import { collectOnce, currentArtifact } from '../helpers/collect.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';

const TOKEN = randomUUID();
let temporal: TemporalHarness;
const storage = tempStore();
let sim: RunningSimulator;
let webhook: Server;
const notices: AttentionNotice[] = [];

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      notices.push(JSON.parse(body) as AttentionNotice);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store, notify: { webhook: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook` } });
  sim = await startSimulator({ fleet: { seed: 9, devices: 50 }, tokens: { [TOKEN]: { permissions: 'all' } } });
});

afterAll(async () => {
  await temporal.close();
  await sim.close();
  await new Promise((resolve) => webhook.close(resolve));
  await storage.cleanup();
});

describe('schedules and connections that need attention', () => {
  it('creates one schedule per connection, skipping overlaps, and triggers a collection', async () => {
    const connection = await storage.store.saveConnection({ name: `sched-${randomUUID().slice(0, 6)}`, baseUrl: sim.url, token: TOKEN });
    const description = await setSchedule(temporal.client, temporal.taskQueue, connection, { every: '24h', catchupWindow: '1h' });
    expect(description.scheduleId).toBe(scheduleIdFor(connection.name));
    expect(description.policies.overlap).toBe('SKIP');
    expect(description.info.nextActionTimes.length).toBeGreaterThan(0);
    await triggerSchedule(temporal.client, connection.name);
    await waitFor(async () => (await storage.store.listRuns(connection.id)).some((r) => r.status !== 'running'));
    expect((await storage.store.listRuns(connection.id))[0]!.status).toBe('succeeded');
    expect((await storage.store.currentArtifacts(connection.id)).length).toBeGreaterThan(0);
  });

  it('marks a connection whose token is revoked as needs_attention, pauses its schedule and notifies', async () => {
    const revoked = randomUUID();
    sim.setTokens({ [TOKEN]: { permissions: 'all' }, [revoked]: { permissions: 'all' } });
    const name = `revoked-${randomUUID().slice(0, 6)}`;
    const first = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: revoked, name, sources: ['devices'] });
    expect(first.summary.status).toBe('succeeded');
    const connection = (await storage.store.getConnection(name))!;
    await setSchedule(temporal.client, temporal.taskQueue, connection, { every: '24h', catchupWindow: '1h' });

    sim.setTokens({ [TOKEN]: { permissions: 'all' }, [revoked]: { permissions: 'all', revoked: true } });
    await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: revoked, name, sources: ['devices'] }).catch(
      () => undefined,
    );

    const after = (await storage.store.getConnection(name))!;
    expect(after.status).toBe('needs_attention');
    expect(after.statusReason).toMatch(/401/);
    expect((await describeSchedule(temporal.client, name))!.state.paused).toBe(true);
    await waitFor(async () => notices.some((n) => n.connection === name));
    expect(notices.find((n) => n.connection === name)).toMatchObject({ event: 'connection.needs_attention', connectionId: connection.id });
    expect(JSON.stringify(notices)).not.toContain(revoked);
    expect((await storage.store.currentArtifacts(connection.id)).map((a) => a.type)).toContain('device-inventory');
  });

  it('marks a permission granted last run and denied now as needs_attention, whether a route saved the evidence or not, not a transient failure', async () => {
    const token = randomUUID();
    const name = `perm-${randomUUID().slice(0, 6)}`;
    const sources = ['devices', 'prism-filevault', 'prism-application-firewall'];
    const collect = (extra: { sourceRetry?: { maximumAttempts: number; initialIntervalSeconds: number } } = {}) =>
      collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token, name, sources, ...extra });
    const grant = (permissions: string[] | 'all') => sim.setTokens({ [TOKEN]: { permissions: 'all' }, [token]: { permissions } });
    const outcome = (summary: RunSummary, source: string) => summary.sources.find((s) => s.name === source)!;
    grant('all');
    expect((await collect()).summary.status).toBe('succeeded');
    await setSchedule(temporal.client, temporal.taskQueue, (await storage.store.getConnection(name))!, { every: '24h', catchupWindow: '1h' });
    const paused = async () => (await describeSchedule(temporal.client, name))!.state.paused;

    sim.inject({ path: '/api/v1/prism/filevault', kind: 'status', status: 503, times: 8 });
    const transient = await collect({ sourceRetry: { maximumAttempts: 2, initialIntervalSeconds: 1 } });
    sim.clearFaults();
    expect(transient.summary.status).toBe('partial');
    expect((await storage.store.getConnection(name))!.status).toBe('ok');

    // FileVault denied: /devices?filevault_enabled=true|false reads the same signal, so the evidence is complete and the
    // run succeeds; the permission that worked before is missing all the same, and said everywhere the admin looks.
    grant(['/api/v1/devices', '/api/v1/prism/count', '/api/v1/prism/application_firewall']);
    const viaRoute = await collect();
    expect(viaRoute.summary.status).toBe('succeeded');
    const fileVault = outcome(viaRoute.summary, 'prism-filevault');
    expect(fileVault).toMatchObject({
      status: 'succeeded',
      via: 'devices?filevault_enabled=true|false',
      error: null,
      denied: { code: FAILURES.permission_denied.code },
    });
    expect(fileVault.denied!.message).toContain('"FileVault" (Prism › Prism, GET /api/v1/prism/filevault)');
    expect(fileVault.denied!.remedy).toMatch(/enable FileVault under Prism > Prism/);
    let after = (await storage.store.getConnection(name))!;
    expect(after.status).toBe('needs_attention');
    expect(after.statusReason).toContain('"FileVault"');
    expect(after.statusReason).not.toContain('Application firewall');
    await waitFor(async () => notices.some((n) => n.connection === name && n.reason.includes('FileVault')));
    // The evidence is complete through the route: pausing the schedule would only let it go stale.
    expect(await paused()).toBe(false);

    const printed = captureStdout(() => printRunSummary(viaRoute.summary, false));
    expect(printed).toMatch(/prism-filevault\s+succeeded/);
    expect(printed).toContain('Permission missing: The API token lacks the GET permission "FileVault"');
    const page = runPage({ principal: null }, await runView({ store: storage.store } as unknown as WebContext, viaRoute.summary.runId));
    expect(page).toContain('via devices?filevault_enabled=true|false');
    expect(page).toContain('permission_denied</strong>: The API token lacks the GET permission &quot;FileVault&quot;');
    const runArtifact = await currentArtifact(storage.store, viaRoute.connectionId, 'collection-run');
    expect(runArtifact.records).toContainEqual(
      expect.objectContaining({
        source: 'prism-filevault',
        status: 'succeeded',
        result: 'pass',
        via: 'devices?filevault_enabled=true|false',
        deniedPermission: '"FileVault" (Prism › Prism, GET /api/v1/prism/filevault)',
      }),
    );
    expect(runArtifact.summary.counts.readThroughDeniedRoute).toBe(1);

    // FileVault restored, the application firewall denied (no other route): partial, its Artifact not evaluable, and
    // the connection needs attention for that permission. The plan counted FileVault's route of the run before.
    grant(['/api/v1/devices', '/api/v1/prism/count', '/api/v1/prism/filevault']);
    const noRoute = await collect();
    expect(noRoute.summary.status).toBe('partial');
    expect(outcome(noRoute.summary, 'prism-application-firewall')).toMatchObject({ status: 'failed', error: { code: FAILURES.permission_denied.code } });
    expect(outcome(noRoute.summary, 'prism-filevault')).toMatchObject({ status: 'succeeded', error: null });
    expect(outcome(noRoute.summary, 'prism-filevault').via).toBeUndefined();
    expect(outcome(noRoute.summary, 'prism-filevault').denied).toBeUndefined();
    expect(noRoute.summary.plan!.sources.find((s) => s.name === 'prism-filevault')).toEqual({
      name: 'prism-filevault',
      requests: 1 + fileVault.pages,
      basis: 'previous-run',
    });
    after = (await storage.store.getConnection(name))!;
    expect(after.status).toBe('needs_attention');
    expect(after.statusReason).toContain('"Application firewall"');
    expect(after.statusReason).not.toContain('FileVault');
    expect(await paused()).toBe(true);
  }, 180_000);
});

function captureStdout(print: () => void): string {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    print();
  } finally {
    write.mockRestore();
  }
  return chunks.join('');
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
