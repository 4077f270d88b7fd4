import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/web/loopback.js';
import type { WebAppOptions } from '../../src/web/server.js';
import { tempStore } from '../helpers/store.js';
import { PASSWORD, seedUsers, setCookie, testApp } from './helpers/web.js';

const storage = tempStore();
const HSTS = 'max-age=31536000; includeSubDomains';
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  await seedUsers(storage.store);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await storage.cleanup();
});

async function appWith(options: Omit<WebAppOptions, 'store'>): Promise<FastifyInstance> {
  const app = await testApp({ store: storage.store, ...options });
  apps.push(app);
  return app;
}

/** The sign-in form, a sign-in and a sign-out, every request with the same extra headers: each response and the cookies it sets. */
async function signInAndOut(app: FastifyInstance, headers: Record<string, string> = {}) {
  const form = await app.inject({ method: 'GET', url: '/login', headers });
  const loginCsrf = setCookie(form, 'iru_login_csrf')!;
  const signedIn = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${loginCsrf.value}` },
    payload: new URLSearchParams({ username: 'audrey', password: PASSWORD, _csrf: loginCsrf.value, next: '/frameworks' }).toString(),
  });
  expect(signedIn.statusCode).toBe(303);
  const session = setCookie(signedIn, 'iru_session')!;
  const cookie = `iru_session=${session.value}`;
  const page = await app.inject({ method: 'GET', url: '/frameworks', headers: { ...headers, cookie } });
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)![1]!;
  const signedOut = await app.inject({
    method: 'POST',
    url: '/logout',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${csrf}`,
  });
  expect(signedOut.statusCode).toBe(303);
  const cookies = [loginCsrf, setCookie(signedIn, 'iru_login_csrf')!, session, setCookie(signedOut, 'iru_session')!];
  return { responses: [form, signedIn, page, signedOut], cookies };
}

describe('Secure cookies and HSTS', () => {
  it('over plain HTTP on loopback: no Secure cookie and no HSTS', async () => {
    for (const options of [{}, { host: '127.0.0.1' }, { host: 'localhost' }, { host: '::1' }]) {
      const { responses, cookies } = await signInAndOut(await appWith(options));
      for (const cookie of cookies) expect(cookie.attributes).not.toMatch(/Secure/);
      for (const response of responses) expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('behind a trusted proxy that says https (--trust-proxy, X-Forwarded-Proto): every cookie Secure, HSTS on every response', async () => {
    const app = await appWith({ host: '127.0.0.1', trustProxy: true });
    const { responses, cookies } = await signInAndOut(app, { 'x-forwarded-proto': 'https' });
    for (const cookie of cookies) expect(cookie.attributes).toMatch(/; Secure(;|$)/);
    for (const response of responses) expect(response.headers['strict-transport-security']).toBe(HSTS);
    // The same proxy saying http: plain cookies, no HSTS.
    const plain = await app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'http' } });
    expect(setCookie(plain, 'iru_login_csrf')!.attributes).not.toMatch(/Secure/);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('ignores X-Forwarded-Proto without --trust-proxy', async () => {
    const { responses, cookies } = await signInAndOut(await appWith({ host: '127.0.0.1' }), { 'x-forwarded-proto': 'https' });
    for (const cookie of cookies) expect(cookie.attributes).not.toMatch(/Secure/);
    for (const response of responses) expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('off loopback (0.0.0.0, ::, a LAN address, a host name): every cookie Secure even over plain HTTP, and no HSTS over plain HTTP', async () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'evidence.internal']) {
      const { responses, cookies } = await signInAndOut(await appWith({ host }));
      for (const cookie of cookies) expect(cookie.attributes, host).toMatch(/; Secure(;|$)/);
      for (const response of responses) expect(response.headers['strict-transport-security'], host).toBeUndefined();
    }
    // Behind a trusted TLS proxy off loopback: Secure and HSTS.
    const proxied = await appWith({ host: '0.0.0.0', trustProxy: true });
    const viaProxy = await proxied.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookie(viaProxy, 'iru_login_csrf')!.attributes).toMatch(/; Secure(;|$)/);
    expect(viaProxy.headers['strict-transport-security']).toBe(HSTS);
  });

  it('--secure-cookies: Secure and HSTS (the operator says a TLS proxy is in front)', async () => {
    const { responses, cookies } = await signInAndOut(await appWith({ host: '127.0.0.1', secureCookies: true }));
    for (const cookie of cookies) expect(cookie.attributes).toMatch(/; Secure(;|$)/);
    for (const response of responses) expect(response.headers['strict-transport-security']).toBe(HSTS);
  });

  it('tells loopback listen addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'app.localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '[::]', '10.0.0.5', '192.168.1.20', 'fe80::1', '::ffff:10.0.0.1', 'evidence.internal', '127.0.0.1.nip.io', '']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
