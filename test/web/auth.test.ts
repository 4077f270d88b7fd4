import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '../helpers/store.js';
import { deviceRecord, seedConnection, seedRun } from './helpers/seed.js';
import { PASSWORD, seedUsers, setCookie, signIn, testApp, type Session } from './helpers/web.js';

const storage = tempStore();
let clock = new Date('2024-06-10T12:00:00.000Z');
let app: FastifyInstance;
let artifactId: string;

beforeAll(async () => {
  await seedUsers(storage.store);
  const connection = await seedConnection(storage.store, 'acme');
  const { artifacts } = await seedRun(storage.store, connection, {
    collectedAt: '2024-06-10T06:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(1)] }],
  });
  artifactId = artifacts[0]!.id;
  app = await testApp({ store: storage.store, now: () => clock });
});

afterAll(async () => {
  await app.close();
  await storage.cleanup();
});

describe('signing in', () => {
  it('sends a signed-out browser to the sign-in page, remembering where it was going', async () => {
    const response = await app.inject({ method: 'GET', url: '/frameworks/soc2?x=1' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Fframeworks%2Fsoc2%3Fx%3D1');
  });

  it('answers a signed-out API call with 401 and says how to authenticate', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/frameworks' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toMatch(/Authorization: Bearer/);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, not Secure over plain HTTP, and stores only its hash', async () => {
    const form = await app.inject({ method: 'GET', url: '/login' });
    const csrf = setCookie(form, 'iru_login_csrf')!;
    expect(csrf.attributes).toMatch(/HttpOnly/);
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf.value}` },
      payload: new URLSearchParams({ username: 'Audrey', password: PASSWORD, _csrf: csrf.value, next: '/runs' }).toString(),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/runs');
    const session = setCookie(response, 'iru_session')!;
    expect(session.attributes).toMatch(/HttpOnly/);
    expect(session.attributes).toMatch(/SameSite=Lax/);
    expect(session.attributes).not.toMatch(/Secure/);
    expect(session.value.length).toBeGreaterThanOrEqual(43);
    expect(await storage.store.getWebSession(session.value, clock.toISOString())).toBeUndefined();
  });

  it('marks cookies Secure when served over TLS (or behind a TLS proxy)', async () => {
    const secureApp = await testApp({ store: storage.store, now: () => clock, secureCookies: true });
    const form = await secureApp.inject({ method: 'GET', url: '/login' });
    expect(setCookie(form, 'iru_login_csrf')!.attributes).toMatch(/Secure/);
    expect(form.headers['strict-transport-security']).toMatch(/max-age/);
    const proxied = await testApp({ store: storage.store, now: () => clock, trustProxy: true });
    const viaProxy = await proxied.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookie(viaProxy, 'iru_login_csrf')!.attributes).toMatch(/Secure/);
    await Promise.all([secureApp.close(), proxied.close()]);
  });

  it('refuses a sign-in without the form token, and a wrong password, without saying which part was wrong', async () => {
    const noToken = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=audrey&password=x',
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toMatch(/sign-in form has expired/);
    const form = await app.inject({ method: 'GET', url: '/login' });
    const csrf = setCookie(form, 'iru_login_csrf')!.value;
    const attempt = (username: string, password: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf}` },
        payload: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
      });
    const wrongPassword = await attempt('audrey', 'not the password');
    const unknownUser = await attempt('nobody', 'not the password');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(wrongPassword.body).toContain('Wrong username or password');
    expect(setCookie(wrongPassword, 'iru_session')).toBeUndefined();
  });

  it('makes a user name wait at an address after five failed sign-ins there, twice as long after each further one', async () => {
    const form = await app.inject({ method: 'GET', url: '/login' });
    const csrf = setCookie(form, 'iru_login_csrf')!.value;
    const attempt = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf}` },
        payload: new URLSearchParams({ username: 'alice', password, _csrf: csrf }).toString(),
      });
    for (let i = 0; i < 6; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const waiting = await attempt(PASSWORD);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers['retry-after']).toBe('1');
    expect(waiting.body).toMatch(/try again in 1 second/);
    clock = new Date(clock.getTime() + 1000);
    expect((await attempt('wrong')).statusCode).toBe(401);
    expect((await attempt(PASSWORD)).headers['retry-after']).toBe('2');
    clock = new Date(clock.getTime() + 2000);
    expect((await attempt(PASSWORD)).statusCode).toBe(303);
  });

  it('never redirects to another site after signing in', async () => {
    const form = await app.inject({ method: 'GET', url: '/login' });
    const csrf = setCookie(form, 'iru_login_csrf')!.value;
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', '/x\r\nSet-Cookie: a=b']) {
      const response = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf}` },
        payload: new URLSearchParams({ username: 'audrey', password: PASSWORD, _csrf: csrf, next }).toString(),
      });
      expect(response.headers.location).toBe('/');
    }
  });

  it('signs out, ending the session on the server', async () => {
    const session = await signIn(app, 'audrey');
    const out = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${session.csrf}`,
    });
    expect(out.statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });
});

describe('roles and CSRF', () => {
  let auditor: Session;
  let admin: Session;
  beforeAll(async () => {
    auditor = await signIn(app, 'audrey');
    admin = await signIn(app, 'alice');
  });

  it('refuses an auditor on admin pages and admin API routes, and hides admin links', async () => {
    for (const url of ['/connections/new', '/admin/users', '/admin/api-keys']) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: auditor.cookie } });
      expect(response.statusCode).toBe(403);
      expect(response.body).toMatch(/for admins only; you are signed in as audrey \(auditor\)/);
    }
    const api = await app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie: auditor.cookie } });
    expect(api.statusCode).toBe(403);
    const page = await app.inject({ method: 'GET', url: '/connections', headers: { cookie: auditor.cookie } });
    expect(page.body).not.toContain('/connections/new');
    expect((await app.inject({ method: 'GET', url: '/connections/new', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });

  it('requires the session CSRF token on every state change, by header or form field', async () => {
    const url = `/api/v1/artifacts/${artifactId}/verify`;
    const none = await app.inject({ method: 'POST', url, headers: { cookie: auditor.cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.message).toMatch(/CSRF/);
    const wrong = await app.inject({ method: 'POST', url, headers: { cookie: auditor.cookie, 'x-csrf-token': admin.csrf } });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({ method: 'POST', url, headers: { cookie: auditor.cookie, 'x-csrf-token': auditor.csrf } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ sha256: true, contentSha256: true, intact: true });
    const before = (await storage.store.listWebUsers()).length;
    const form = await app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=mallory&role=admin&password=aaaaaaaaaaaaaaaa',
    });
    expect(form.statusCode).toBe(403);
    expect((await storage.store.listWebUsers()).length).toBe(before);
  });

  it('lets an admin add an auditor, and refuses bad input with a specific message, storing nothing', async () => {
    const post = (payload: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/admin/users',
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...payload, _csrf: admin.csrf }).toString(),
      });
    const before = (await storage.store.listWebUsers()).length;
    const short = await post({ username: 'bob', role: 'auditor', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least 12 characters');
    const badRole = await post({ username: 'bob', role: 'root', password: PASSWORD });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.body).toContain('The role must be one of admin, auditor, not &quot;root&quot;');
    const badName = await post({ username: '<b>', role: 'auditor', password: PASSWORD });
    expect(badName.statusCode).toBe(400);
    const taken = await post({ username: 'audrey', role: 'auditor', password: PASSWORD });
    expect(taken.statusCode).toBe(409);
    expect((await storage.store.listWebUsers()).length).toBe(before);
    const ok = await post({ username: 'bob', role: 'auditor', password: PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Added bob (auditor)');
    await signIn(app, 'bob');
  });
});

describe('API keys', () => {
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(app, 'alice');
  });

  const bearer = (key: string, url = '/api/v1/frameworks', method: 'GET' | 'POST' = 'GET') =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });
  const createKey = async (scope: string, name = `platform ${scope}`) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { name, scope },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { key: string; apiKey: { id: string; status: string; scope: string } };
  };

  it('issues a key once, stores only its hash, and scopes it read-only or admin', async () => {
    const read = await createKey('read');
    expect(read.key).toMatch(/^iruev_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await storage.store.listApiKeys())).not.toContain(read.key);
    expect((await bearer(read.key)).statusCode).toBe(200);
    expect((await bearer(read.key, `/api/v1/artifacts/${artifactId}/verify`, 'POST')).statusCode).toBe(200);
    const refused = await bearer(read.key, '/api/v1/api-keys');
    expect(refused.statusCode).toBe(403);
    const adminKey = await createKey('admin');
    expect((await bearer(adminKey.key, '/api/v1/api-keys')).statusCode).toBe(200);
    const listed = (await bearer(adminKey.key, '/api/v1/api-keys')).json().apiKeys as { keyHash?: string }[];
    expect(listed.every((k) => k.keyHash === undefined)).toBe(true);
  });

  it('refuses bad keys with the reason', async () => {
    expect((await bearer('nope')).json().error.message).toMatch(/not an iru-evidence API key/);
    expect((await bearer('iruev_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).json().error.message).toMatch(/not recognised/);
    const malformed = await app.inject({ method: 'GET', url: '/api/v1/frameworks', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);
    expect(malformed.json().error.message).toMatch(/Bearer <API key>/);
    const badScope = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { name: 'x', scope: 'write' },
    });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json().error.message).toMatch(/"read" or "admin"/);
  });

  it('rotates: the new key works, the old one keeps working for 24 hours flagged "expires soon", then stops', async () => {
    const { key, apiKey } = await createKey('read', 'rotating');
    const rotated = await app.inject({
      method: 'POST',
      url: `/api/v1/api-keys/${apiKey.id}/rotate`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(rotated.statusCode).toBe(201);
    const body = rotated.json() as { key: string; apiKey: { id: string; name: string }; previous: { status: string; replacedBy: string; expiresAt: string } };
    expect(body.apiKey.name).toBe('rotating');
    expect(body.previous).toMatchObject({ status: 'expires_soon', replacedBy: body.apiKey.id });
    expect(Date.parse(body.previous.expiresAt) - clock.getTime()).toBe(24 * 3_600_000);
    expect((await bearer(key)).statusCode).toBe(200);
    expect((await bearer(body.key)).statusCode).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/api-keys/${apiKey.id}/rotate`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already rotated; rotate its replacement/);
    const page = await app.inject({ method: 'GET', url: '/admin/api-keys', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('badge-expires_soon');

    const saved = clock;
    clock = new Date(clock.getTime() + 24 * 3_600_000 + 1000);
    const expired = await bearer(key);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toMatch(/expired after its rotation/);
    expect((await bearer(body.key)).statusCode).toBe(200);
    clock = saved;
  });

  it('invalidates at once, through the admin page form', async () => {
    const { key, apiKey } = await createKey('read', 'leaked');
    const page = await app.inject({
      method: 'POST',
      url: `/admin/api-keys/${apiKey.id}/invalidate`,
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${admin.csrf}`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('no longer works');
    const refused = await bearer(key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toMatch(/invalidated/);
    const twice = await app.inject({
      method: 'POST',
      url: `/api/v1/api-keys/${apiKey.id}/invalidate`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(twice.statusCode).toBe(409);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys/not-a-key/invalidate',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/not an API key id/);
  });

  it('answers a malformed body with a 4xx and a message, creating nothing', async () => {
    const before = (await storage.store.listApiKeys()).length;
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.message).toMatch(/JSON/);
    const array = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: [1, 2] });
    expect(array.statusCode).toBe(400);
    expect(array.json().error.message).toBe('The request body must be a form or a JSON object');
    const text = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.message).toBe('The request body must be a form or a JSON object');
    const huge = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: { name: 'x'.repeat(100_000), scope: 'read' } });
    expect(huge.statusCode).toBe(413);
    expect((await storage.store.listApiKeys()).length).toBe(before);
  });

  it('shows a new key once on the admin page', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/admin/api-keys',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: 'from the page', scope: 'read', _csrf: admin.csrf }).toString(),
    });
    expect(response.statusCode).toBe(200);
    const key = /<code class="secret">(iruev_[^<]+)<\/code>/.exec(response.body)![1]!;
    expect((await bearer(key)).statusCode).toBe(200);
    const later = await app.inject({ method: 'GET', url: '/admin/api-keys', headers: { cookie: admin.cookie } });
    expect(later.body).not.toContain(key);
  });
});
