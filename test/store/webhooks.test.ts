import { describe, expect, it } from 'vitest';
import type { DeliveryAttempt, EvidenceStore, NewEvent } from '../../src/store/types.js';
import { sql } from '../helpers/store-sql.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { connectionWithRun, putArtifactOf, succeeded } from './fixtures.js';

const event = (id: string, type: string, data: unknown = { n: id }): NewEvent => ({ id, type, createdAt: '2026-02-01T00:00:00.000Z', data });
const T0 = '2026-02-01T00:00:00.000Z';
const LATER = '2026-02-01T00:05:00.000Z';

async function hook(store: EvidenceStore, id: string, events: string[], secret = `whsec_${id}`) {
  return store.createWebhook({ id, url: `https://hooks.example.com/${id}`, events, secret, createdBy: 'API key platform', createdAt: T0 });
}

describe.each(BACKENDS)('%s store: the events outbox and webhook deliveries', (backend) => {
  const stores = useStoreBackend(backend);

  it('records a publication and its events in one transaction, once however often it is retried', async () => {
    const store = await stores.fresh();
    const { connection, runId } = await connectionWithRun(store);
    const artifact = await putArtifactOf(store, { connectionId: connection.id, runId }, 'firewall');
    await hook(store, 'whk_a', ['run.completed', 'artifact.published']);
    const events = [event('evt_art', 'artifact.published'), event('evt_run', 'run.completed')];
    const before = new Date().toISOString();
    await store.publishRun(runId, succeeded(), events);
    await store.publishRun(runId, succeeded(), events); // a retried activity

    const [version] = await store.listArtifactVersions({ ids: [artifact.id] });
    expect(version!.publishedAt! >= before).toBe(true);
    expect(await store.enqueueDeliveries(T0)).toBe(2);
    expect(await store.enqueueDeliveries(T0)).toBe(0);
    const due = await store.claimDueDeliveries(T0, LATER, 10);
    expect(due.map((d) => [d.event.id, d.event.type, d.url, d.secret])).toEqual([
      ['evt_art', 'artifact.published', 'https://hooks.example.com/whk_a', 'whsec_whk_a'],
      ['evt_run', 'run.completed', 'https://hooks.example.com/whk_a', 'whsec_whk_a'],
    ]);
    expect(due[0]!.event.data).toEqual({ n: 'evt_art' });
  });

  it('fans each event out to the webhooks that want its type, registered before it happened', async () => {
    const store = await stores.fresh();
    await store.appendEvents([event('evt_old', 'run.completed')]);
    await hook(store, 'whk_runs', ['run.completed']);
    await hook(store, 'whk_attention', ['connection.needs_attention']);
    await store.appendEvents([event('evt_1', 'run.completed'), event('evt_2', 'connection.needs_attention'), event('evt_1', 'run.completed')]);
    expect(await store.enqueueDeliveries(T0)).toBe(2);
    const due = await store.claimDueDeliveries(T0, LATER, 10);
    expect(due.map((d) => `${d.delivery.webhookId}:${d.event.id}`).sort()).toEqual(['whk_attention:evt_2', 'whk_runs:evt_1']);
  });

  it('leases a claimed delivery: not claimed again before the lease ends, nor by another process; then again if its sender died', async () => {
    const store = await stores.fresh();
    const other = stores.reopen(store);
    await hook(store, 'whk_a', ['run.completed']);
    await store.appendEvents([event('evt_1', 'run.completed')]);
    await store.enqueueDeliveries(T0);
    const [mine, theirs] = await Promise.all([store.claimDueDeliveries(T0, LATER, 10), other.claimDueDeliveries(T0, LATER, 10)]);
    expect(mine!.length + theirs!.length).toBe(1);
    expect(await store.claimDueDeliveries('2026-02-01T00:04:59.000Z', '2026-02-01T00:10:00.000Z', 10)).toEqual([]);
    expect(await other.claimDueDeliveries(LATER, '2026-02-01T00:10:00.000Z', 10)).toHaveLength(1);
  });

  it('records every attempt: pending with its next attempt, delivered, or failed when out of attempts', async () => {
    const store = await stores.fresh();
    await hook(store, 'whk_a', ['run.completed']);
    await store.appendEvents([event('evt_1', 'run.completed'), event('evt_2', 'run.completed')]);
    await store.enqueueDeliveries(T0);
    const [first, second] = await store.claimDueDeliveries(T0, LATER, 10);
    const failed: DeliveryAttempt = { at: T0, ok: false, statusCode: 503, error: 'The receiver answered HTTP 503', nextAttemptAt: '2026-02-01T00:02:00.000Z' };
    await store.recordDeliveryAttempt(first!.delivery.id, failed);
    await store.recordDeliveryAttempt(second!.delivery.id, { ...failed, statusCode: null, error: 'Not delivered: connect ECONNREFUSED', nextAttemptAt: null });
    let [newest, oldest] = await store.listDeliveries('whk_a', { limit: 10 });
    expect(oldest).toMatchObject({
      eventId: 'evt_1',
      status: 'pending',
      attempts: 1,
      lastStatusCode: 503,
      nextAttemptAt: '2026-02-01T00:02:00.000Z',
      deliveredAt: null,
    });
    expect(newest).toMatchObject({ eventId: 'evt_2', status: 'failed', attempts: 1, lastError: 'Not delivered: connect ECONNREFUSED', nextAttemptAt: null });

    const [retry] = await store.claimDueDeliveries('2026-02-01T00:02:00.000Z', LATER, 10);
    expect(retry!.delivery.id).toBe(first!.delivery.id);
    await store.recordDeliveryAttempt(retry!.delivery.id, { at: '2026-02-01T00:02:01.000Z', ok: true, statusCode: 204, error: null, nextAttemptAt: null });
    [newest, oldest] = await store.listDeliveries('whk_a', { limit: 10 });
    expect(oldest).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: '2026-02-01T00:02:01.000Z',
    });
    expect(await store.listDeliveries('whk_a', { limit: 10, before: newest!.id })).toEqual([oldest]);
    expect(await store.claimDueDeliveries('2026-03-01T00:00:00.000Z', '2026-03-01T00:05:00.000Z', 10)).toEqual([]);
  });

  it('keeps the secret encrypted, out of listings, and deletes a webhook with its deliveries', async () => {
    const store = await stores.fresh();
    const secret = 'whsec_do-not-store-me-in-clear-0123456789';
    const created = await hook(store, 'whk_a', ['run.completed'], secret);
    expect(created).toEqual({ id: 'whk_a', url: 'https://hooks.example.com/whk_a', events: ['run.completed'], createdBy: 'API key platform', createdAt: T0 });
    expect(JSON.stringify(await store.listWebhooks())).not.toContain(secret);
    expect(await store.getWebhook('whk_a')).toEqual(created);
    const [stored] = await sql<{ sealed: Buffer }>(store, 'SELECT secret_ciphertext AS sealed FROM webhooks');
    expect(Buffer.from(stored!.sealed).includes(Buffer.from('do-not-store-me'))).toBe(false);
    await store.appendEvents([event('evt_1', 'run.completed')]);
    await store.enqueueDeliveries(T0);
    expect(await store.deleteWebhook('whk_a')).toBe(true);
    expect(await store.deleteWebhook('whk_a')).toBe(false);
    expect(await store.listWebhooks()).toEqual([]);
    expect(await store.claimDueDeliveries(T0, LATER, 10)).toEqual([]);
  });

  it('pages Artifacts in publication order after a cursor and since a publication time, and runs newest first after a cursor', async () => {
    const store = await stores.fresh();
    const { connection, runId } = await connectionWithRun(store, 'r-1', '2026-01-10T10:00:00.000Z');
    for (const type of ['firewall', 'device-inventory']) await putArtifactOf(store, { connectionId: connection.id, runId }, type);
    await store.publishRun(runId, succeeded());
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    await pause(); // publication times are milliseconds: keep the runs apart
    const between = new Date().toISOString();
    await pause();
    await store.startRun({ id: 'r-2', connectionId: connection.id, workflowId: 'r-2', startedAt: '2026-01-11T10:00:00.000Z' });
    await putArtifactOf(store, { connectionId: connection.id, runId: 'r-2' }, 'firewall');
    await store.publishRun('r-2', succeeded('2026-01-11T10:06:00.000Z'));

    const all = await store.listArtifactVersions({ inPublicationOrder: true });
    expect(all.map((v) => v.runId)).toEqual(['r-1', 'r-1', 'r-2']);
    expect(all[0]!.id < all[1]!.id).toBe(true);
    const afterFirst = await store.listArtifactVersions({ inPublicationOrder: true, after: { publishedSeq: all[0]!.publishedSeq, id: all[0]!.id } });
    expect(afterFirst.map((v) => v.id)).toEqual([all[1]!.id, all[2]!.id]);
    expect((await store.listArtifactVersions({ inPublicationOrder: true, publishedSince: between })).map((v) => v.id)).toEqual([all[2]!.id]);
    expect((await store.listArtifactVersions({ inPublicationOrder: true, currentOnly: true })).map((v) => v.runId)).toEqual(['r-1', 'r-2']);

    await store.startRun({ id: 'r-3', connectionId: connection.id, workflowId: 'r-3', startedAt: '2026-01-11T10:00:00.000Z' });
    const runs = await store.findRuns({ connectionId: connection.id });
    expect(runs.map((r) => r.id)).toEqual(['r-3', 'r-2', 'r-1']);
    expect((await store.findRuns({ before: { startedAt: runs[0]!.startedAt, id: 'r-3' } })).map((r) => r.id)).toEqual(['r-2', 'r-1']);
    expect((await store.findRuns({ updatedSince: '2026-01-10T10:05:00.000Z' })).map((r) => r.id)).toEqual(['r-3', 'r-2', 'r-1']);
    expect((await store.findRuns({ updatedSince: '2026-01-10T10:07:00.000Z' })).map((r) => r.id)).toEqual(['r-3', 'r-2']);
  });
});
