import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { issueApiKey } from '../../src/web/auth/api-keys.js';
import { createUser } from '../../src/web/auth/users.js';
import { buildWebApp, OPENAPI_DOCUMENT } from '../../src/web/server.js';
import { OpenApiValidator } from '../helpers/openapi.js';
import { tempStore } from '../helpers/store.js';

const storage = tempStore();
const validator = new OpenApiValidator(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
let app: FastifyInstance;
let key: string;

beforeAll(async () => {
  const owner = await createUser(storage.store, { username: 'owner', password: 'correct horse battery staple', role: 'admin' });
  key = (await issueApiKey(storage.store, { name: 'platform', scope: 'admin', createdBy: 'owner', createdByUserId: owner.id }, new Date())).key;
  await storage.store.saveConnection({ name: 'acme', baseUrl: 'https://acme.api.kandji.io', token: '5d7c1f0a-9b3e-4d2c-8a1f-0e9d8c7b6a5f' });
  app = await buildWebApp({ store: storage.store });
});

afterAll(async () => {
  await app?.close();
  await storage.cleanup();
});

async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const response = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
  validator.validate({ method, url, status: response.statusCode, contentType: response.headers['content-type'] as string | undefined, body: response.body });
  return response;
}

describe('the API on a server without Temporal', () => {
  it('answers collection and schedule requests with 503 temporal_unreachable (the failure vocabulary code) and what to start; the store-only routes still work', async () => {
    for (const [method, url] of [
      ['POST', '/api/v1/connections/acme/runs'],
      ['GET', '/api/v1/connections/acme/schedule'],
      ['PUT', '/api/v1/connections/acme/schedule'],
      ['POST', '/api/v1/connections/acme/schedule/trigger'],
    ] as const) {
      const response = await call(method, url, method === 'GET' ? undefined : {});
      expect(response.statusCode, `${method} ${url}`).toBe(503);
      expect(response.json().error).toMatchObject({ code: 'temporal_unreachable', remedy: expect.stringMatching(/iru-evidence dev/) });
    }
    expect((await call('GET', '/api/v1/connections')).json()).toMatchObject({ total: 1, nextCursor: null, connections: [{ name: 'acme' }] });
    expect((await call('GET', '/api/v1/connections/acme')).json().connection).not.toHaveProperty('token');
    expect((await call('GET', '/api/v1/artifacts')).json()).toEqual({ artifacts: [], nextCursor: null, syncCursor: null });
  });

  it('refuses bad input to the new routes with a specific message, changing nothing', async () => {
    const cases: [string, object, RegExp][] = [
      ['/api/v1/connections', { name: 'x y', baseUrl: 'https://a.example', token: '5d7c1f0a-9b3e-4d2c-8a1f-0e9d8c7b6a5f' }, /name: The connection name/],
      ['/api/v1/connections', { name: 'beta', baseUrl: 'http://10.0.0.8', token: '5d7c1f0a-9b3e-4d2c-8a1f-0e9d8c7b6a5f' }, /"baseUrl" must be https/],
      ['/api/v1/connections', { name: 'beta', region: 'us', app: 'beta', baseUrl: 'https://a.example', token: 't' }, /not both|token/],
      ['/api/v1/connections/acme/runs', { clientKey: 'has space' }, /client key must be/],
      ['/api/v1/webhooks', { url: 'https://user:pw@hooks.example.com/' }, /must not carry credentials/],
      ['/api/v1/webhooks', { url: 'https://hooks.example.com/', events: ['run.started'] }, /"events" must name only run.completed/],
    ];
    for (const [url, payload, message] of cases) {
      const response = await call('POST', url, payload);
      expect([response.statusCode, response.json().error.code], url).toEqual([400, 'bad_input']);
      expect(response.json().error.message).toMatch(message);
    }
    expect(await storage.store.listConnections()).toHaveLength(1);
    expect(await storage.store.listWebhooks()).toEqual([]);
  });
});
