import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttentionNotice } from '../../src/notify/notifier.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { describeSchedule, scheduleIdFor, setSchedule, triggerSchedule } from '../../src/temporal/schedules.js';
import { collectOnce } from '../helpers/collect.js';
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
    await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: revoked, name, sources: ['devices'] }).catch(() => undefined);

    const after = (await storage.store.getConnection(name))!;
    expect(after.status).toBe('needs_attention');
    expect(after.statusReason).toMatch(/401/);
    expect((await describeSchedule(temporal.client, name))!.state.paused).toBe(true);
    await waitFor(async () => notices.some((n) => n.connection === name));
    expect(notices.find((n) => n.connection === name)).toMatchObject({ event: 'connection.needs_attention', connectionId: connection.id });
    expect(JSON.stringify(notices)).not.toContain(revoked);
    expect((await storage.store.currentArtifacts(connection.id)).map((a) => a.type)).toContain('device-inventory');
  });

  it('marks a permission granted at the previous run and now denied as needs_attention, but not a transient failure', async () => {
    const token = randomUUID();
    const name = `perm-${randomUUID().slice(0, 6)}`;
    sim.setTokens({ [TOKEN]: { permissions: 'all' }, [token]: { permissions: 'all' } });
    await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token, name, sources: ['devices', 'prism-filevault'] });
    sim.inject({ path: '/api/v1/prism/filevault', kind: 'status', status: 503, times: 8 });
    const transient = await collectOnce(temporal.client, temporal.taskQueue, storage.store, {
      baseUrl: sim.url,
      token,
      name,
      sources: ['devices', 'prism-filevault'],
      sourceRetry: { maximumAttempts: 2, initialIntervalSeconds: 1 },
    });
    sim.clearFaults();
    expect(transient.summary.status).toBe('partial');
    expect((await storage.store.getConnection(name))!.status).toBe('ok');

    sim.setTokens({ [TOKEN]: { permissions: 'all' }, [token]: { permissions: ['/api/v1/devices', '/api/v1/prism/count'] } });
    const denied = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token, name, sources: ['devices', 'prism-filevault'] });
    expect(denied.summary.status).toBe('partial');
    const after = (await storage.store.getConnection(name))!;
    expect(after.status).toBe('needs_attention');
    expect(after.statusReason).toContain('FileVault');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
