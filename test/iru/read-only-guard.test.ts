import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IruHttp, IruRequestRefusedError, TenantLimiter } from '../../src/iru/index.js';
import { assertReadOnlyRequest } from '../../src/iru/read-only-guard.js';

const TOKEN = '8b0d7c3e-2f5a-4c1b-9e6d-1a2b3c4d5e6f';

describe('the HTTP layer only lets GETs outside /secrets/ leave', () => {
  let server: Server;
  const seen: string[] = [];
  let http: IruHttp;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    http = new IruHttp({ baseUrl: new URL(`http://127.0.0.1:${port}`), token: TOKEN, limiter: new TenantLimiter('test', { perSecond: 1000 }) });
  });

  afterAll(async () => {
    await http.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(['POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'get'])('refuses %s before any byte is sent', async (method) => {
    await expect(http.send(method, http.url('/api/v1/devices'))).rejects.toMatchObject({ code: 'IRU_REQUEST_REFUSED' });
  });

  it.each([
    '/api/v1/devices/abc/secrets/filevaultkey',
    '/api/v1/devices/abc/secrets/bypasscode',
    '/api/v1/devices/abc/SECRETS/unlockpin',
    '/api/v1/devices/abc/secrets',
    '/api/v1/devices/abc/%73ecrets/recoverypassword',
    '/api/v1/devices/abc%2Fsecrets%2Ffilevaultkey',
  ])('refuses %s', async (apiPath) => {
    const error = await http.send('GET', http.url(apiPath)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IruRequestRefusedError);
    expect((error as IruRequestRefusedError).message).toContain('/secrets/');
  });

  // Issue 20: the old check matched only /secrets/ and /secrets at the end, after one decoding.
  it.each([
    ['secrets;x=1/', 'secrets'],
    ['secrets%00/', 'secrets'],
    ['SECRETS/', 'secrets'],
    ['%73ecrets/', 'secrets'],
    ['%2573ecrets/', 'secrets'],
    ['%252573ecrets/', 'secrets'],
    ['a/../secrets/', 'secrets'],
    ['secrets.json', 'secrets'],
    ['Secrets-v2/filevaultkey', 'secrets'],
    ['secrets%3Bx=1/bypasscode', 'secrets'],
    ['%252e%252e/secrets', 'secrets'],
    ['%252e%252e/status', 'dot segments'],
    ['..%253B/status', 'dot segments'],
    ['abc%252Fstatus', 'encoded /'],
    ['abc%255Cstatus', 'encoded /'],
    ['status%2', 'percent-encoding'],
    ['%25u0073ecrets', 'percent-encoding'],
  ])('refuses /api/v1/devices/abc/%s (%s)', async (tail, reason) => {
    const error = await http.send('GET', http.url(`/api/v1/devices/abc/${tail}`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IruRequestRefusedError);
    expect((error as IruRequestRefusedError).message).toContain(reason === 'secrets' ? '/secrets/' : reason);
  });

  it('refuses /api/v1/secrets itself', async () => {
    await expect(http.send('GET', http.url('/api/v1/secrets'))).rejects.toMatchObject({
      code: 'IRU_REQUEST_REFUSED',
      message: expect.stringContaining('/secrets/'),
    });
  });

  it.each([
    ['another host than the base URL', (port: number) => `http://localhost:${port}/api/v1/devices`],
    ['another port than the base URL', (port: number) => `http://127.0.0.1:${port + 1}/api/v1/devices`],
    ['another scheme than the base URL', (port: number) => `https://127.0.0.1:${port}/api/v1/devices`],
    ['credentials in it', (port: number) => `http://user:pass@127.0.0.1:${port}/api/v1/devices`],
  ])('refuses a URL with %s', async (_what, make) => {
    const error = await http.send('GET', new URL(make(Number(http.baseUrl.port)))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IRU_REQUEST_REFUSED' });
  });

  it('lets through names that only contain secrets, and the ordinary device paths', async () => {
    for (const path of ['/api/v1/devices/abc/secretsmanager', '/api/v1/devices/abc/details', '/api/v1/library/library-items/abc/status']) {
      expect(() => assertReadOnlyRequest('GET', http.url(path), http.baseUrl), path).not.toThrow();
    }
  });

  it('keeps a request under the base path of a proxy', () => {
    const base = new URL('https://proxy.example/iru');
    expect(() => assertReadOnlyRequest('GET', new URL('https://proxy.example/iru/api/v1/devices'), base)).not.toThrow();
    expect(() => assertReadOnlyRequest('GET', new URL('https://proxy.example/other/api/v1/devices'), base)).toThrow(/base path/);
  });

  it('refuses a URL on another host, such as an unrebased web-host next link', async () => {
    await expect(http.send('GET', new URL('https://acme.kandji.io/api/v1/devices?offset=300'))).rejects.toMatchObject({ code: 'IRU_REQUEST_REFUSED' });
  });

  it('sent nothing for any refused request, and a plain GET does go out', async () => {
    expect(seen).toEqual([]);
    await http.send('GET', http.url('/api/v1/devices', { limit: 1 }));
    expect(seen).toEqual(['GET /api/v1/devices?limit=1']);
  });

  it('keeps the token out of errors and serialisations', async () => {
    const error = await http.send('POST', http.url('/api/v1/devices')).catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String((error as Error).stack)).not.toContain(TOKEN);
    expect(JSON.stringify(http)).not.toContain(TOKEN);
    const { inspect } = await import('node:util');
    expect(inspect(http, { depth: 5 })).not.toContain(TOKEN);
  });
});
