import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAttemptAt, verifySignature, WebhookDispatcher } from '../../src/webhooks/index.js';
import { tempStore } from '../helpers/store.js';

const storage = tempStore();
const store = storage.store;
let server: Server;
let url: string;
const answers: number[] = [];
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ headers: request.headers, body });
      response.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await storage.cleanup();
});

describe('webhook deliveries', () => {
  it('waits 2, 4, 8, 16 and 32 minutes between the 6 attempts by default: about an hour, then gives up', () => {
    const at = new Date('2026-02-01T00:00:00.000Z');
    const retry = { maxAttempts: 6, initialDelayMs: 120_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => nextAttemptAt(n, at, retry))).toEqual([
      '2026-02-01T00:02:00.000Z',
      '2026-02-01T00:04:00.000Z',
      '2026-02-01T00:08:00.000Z',
      '2026-02-01T00:16:00.000Z',
      '2026-02-01T00:32:00.000Z',
      null,
    ]);
  });

  it('signs each delivery, retries a refused one with backoff, and records every attempt until it gives up', async () => {
    let now = new Date('2026-02-01T00:00:00.000Z');
    const dispatcher = new WebhookDispatcher(store, { now: () => now, retry: { maxAttempts: 3, initialDelayMs: 60_000 } });
    const secret = 'whsec_unit-test-secret';
    await store.createWebhook({ id: 'whk_unit', url, events: ['run.completed'], secret, createdBy: 'test', createdAt: now.toISOString() });
    await store.appendEvents([{ id: 'evt_unit', type: 'run.completed', createdAt: now.toISOString(), data: { runId: 'r-1' } }]);

    answers.push(500, 500, 500);
    await dispatcher.tick();
    expect(seen).toHaveLength(1);
    const body = seen[0]!.body;
    expect(JSON.parse(body)).toEqual({ id: 'evt_unit', type: 'run.completed', createdAt: '2026-02-01T00:00:00.000Z', data: { runId: 'r-1' } });
    const t = Math.floor(now.getTime() / 1000);
    expect(seen[0]!.headers['iru-evidence-signature']).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
    expect(verifySignature(secret, String(seen[0]!.headers['iru-evidence-signature']), body, now)).toBe(true);
    expect(verifySignature(secret, String(seen[0]!.headers['iru-evidence-signature']), body, new Date(now.getTime() + 600_000))).toBe(false);
    expect(verifySignature(secret, String(seen[0]!.headers['iru-evidence-signature']), `${body} `, now)).toBe(false);

    await dispatcher.tick(); // not due yet
    expect(seen).toHaveLength(1);
    now = new Date('2026-02-01T00:01:00.000Z');
    await dispatcher.tick();
    now = new Date('2026-02-01T00:02:59.000Z');
    await dispatcher.tick(); // the second wait is 2 minutes: not yet
    expect(seen).toHaveLength(2);
    now = new Date('2026-02-01T00:03:00.000Z');
    await dispatcher.tick();
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.headers['iru-evidence-delivery-id'])).size).toBe(1);

    const [delivery] = await store.listDeliveries('whk_unit', { limit: 10 });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'The receiver answered HTTP 500', nextAttemptAt: null });
    now = new Date('2026-02-02T00:00:00.000Z');
    await dispatcher.tick();
    expect(seen).toHaveLength(3);
  });
});
