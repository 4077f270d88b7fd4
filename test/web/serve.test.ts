import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWebServer } from '../../src/cli/commands/serve.js';
import { Runtime } from '../../src/cli/runtime.js';
import { freePort } from '../../src/temporal/free-port.js';

const home = mkdtempSync(path.join(tmpdir(), 'iru-serve-'));
let runtime: Runtime;

beforeAll(() => {
  runtime = new Runtime({ ...process.env, IRU_EVIDENCE_HOME: home, LOG_LEVEL: 'silent' });
});

afterAll(async () => {
  await runtime.close();
  rmSync(home, { recursive: true, force: true });
});
describe('iru-evidence serve', () => {
  it('listens on 127.0.0.1 by default and says when the port is taken', async () => {
    const port = await freePort();
    const server = await startWebServer(runtime, { host: '127.0.0.1', port });
    expect(server.address).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(`${server.address}/healthz`)).json()).toEqual({ ok: true });
    await expect(startWebServer(runtime, { host: '127.0.0.1', port })).rejects.toThrow(
      `Port ${port} on 127.0.0.1 is already in use: choose another with --port`,
    );
    await server.close();
  });

  it('off loopback over plain HTTP: Secure cookies, no HSTS, and one line saying to put TLS in front', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const started = async (flags: { host: string; trustProxy?: boolean; secureCookies?: boolean }) => {
      stderr.mockClear();
      const port = await freePort();
      const server = await startWebServer(runtime, { ...flags, port });
      const written = stderr.mock.calls.map(([chunk]) => String(chunk)).join('');
      const login = await fetch(`http://127.0.0.1:${port}/login`);
      await server.close();
      return { warnings: written.split('\n').filter((line) => line.startsWith('Warning:')), login };
    };
    try {
      const open = await started({ host: '0.0.0.0' });
      expect(open.warnings).toEqual([
        'Warning: listening on 0.0.0.0 over plain HTTP: cookies are Secure off loopback and browsers will not send them back over HTTP, ' +
          'so sign-in fails: put TLS in front (a TLS proxy with --trust-proxy, or --tls-cert and --tls-key)',
      ]);
      expect(open.login.headers.get('set-cookie')).toMatch(/^iru_login_csrf=.*; HttpOnly; Secure; SameSite=Lax/);
      expect(open.login.headers.get('strict-transport-security')).toBeNull();
      const proxied = await started({ host: '0.0.0.0', trustProxy: true });
      expect(proxied.warnings).toEqual([]);
      expect(proxied.login.headers.get('set-cookie')).toMatch(/; Secure;/);
      expect((await started({ host: '0.0.0.0', secureCookies: true })).warnings).toEqual([]);
      const loopback = await started({ host: '127.0.0.1' });
      expect(loopback.warnings).toEqual([]);
      expect(loopback.login.headers.get('set-cookie')).not.toMatch(/Secure/);
    } finally {
      stderr.mockRestore();
    }
  });

  it('wants --tls-cert and --tls-key together', async () => {
    await expect(startWebServer(runtime, { host: '127.0.0.1', port: 1, tlsCert: 'cert.pem' })).rejects.toThrow('--tls-cert and --tls-key go together');
    await expect(startWebServer(runtime, { host: '127.0.0.1', port: 1, tlsCert: '/nonexistent.pem', tlsKey: '/nonexistent.key' })).rejects.toThrow(
      'Cannot read --tls-cert /nonexistent.pem: ENOENT',
    );
  });

  it.skipIf(!existsSync('/usr/bin/openssl'))('serves HTTPS with Secure cookies when given a certificate', async () => {
    const cert = path.join(home, 'cert.pem');
    const key = path.join(home, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=localhost', '-days', '1'], {
      stdio: 'ignore',
    });
    const server = await startWebServer(runtime, { host: '127.0.0.1', port: await freePort(), tlsCert: cert, tlsKey: key });
    expect(server.address).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      request(`${server.address}/login`, { rejectUnauthorized: false }, (response) => {
        response.resume();
        resolve(response.headers);
      })
        .on('error', reject)
        .end();
    });
    expect(String(headers['set-cookie'])).toMatch(/iru_login_csrf=.*; HttpOnly; Secure; SameSite=Lax/);
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await server.close();
  });
});
