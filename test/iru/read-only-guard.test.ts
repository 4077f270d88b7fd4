import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IruHttp, IruRequestRefusedError, TenantLimiter } from '../../src/iru/index.js';

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
