/**
 * The paginators against a real HTTP server on 127.0.0.1 that answers the way the real API does where it differs from a
 * naive reading (../shared/reference/iru-api-observed.md, Paging): short pages before the end, `next` links that drop
 * the page size, and a device list that changes while it is read. Expected values come from the server's own list.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { endpoint, IruHttp, isTenantLinkHost, paginate, resolveBaseUrl, TenantLimiter, type EndpointEntry, type Page } from '../../src/iru/index.js';

const TOKEN = '8b0d7c3e-2f5a-4c1b-9e6d-1a2b3c4d5e6f';

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

let server: Server | undefined;
let http: IruHttp | undefined;
let requests: URL[] = [];

async function serve(answer: (url: URL, request: IncomingMessage) => Answer, prefix = ''): Promise<IruHttp> {
  requests = [];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const { status = 200, headers = {}, body } = answer(url, req);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  http = new IruHttp({
    baseUrl: new URL(`http://127.0.0.1:${port}${prefix}`),
    token: TOKEN,
    limiter: new TenantLimiter('paging-test', { perSecond: 1000 }),
    maxAttempts: 1,
  });
  return http;
}

afterEach(async () => {
  await http?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  http = undefined;
});

async function readAll<Row>(pages: AsyncGenerator<Page<Row>>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const page of pages) rows.push(...page.rows);
  return rows;
}

const num = (url: URL, name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);

describe('point 5: a short page does not end a list whose count says more rows remain', () => {
  const blueprints = Array.from({ length: 250 }, (_, i) => ({ id: `bp-${String(i).padStart(3, '0')}`, name: `Blueprint ${i}` }));

  it('reads all 250 blueprints from a server that serves 100 a page when asked for 300', async () => {
    const client = await serve((url) => {
      const offset = num(url, 'offset', 0);
      const served = Math.min(num(url, 'limit', 100), 100);
      const results = blueprints.slice(offset, offset + served);
      const next = offset + results.length < blueprints.length ? `https://acme.kandji.io/api/v1/blueprints?limit=${served}&offset=${offset + served}` : null;
      return { body: { count: blueprints.length, next, previous: null, results } };
    });
    const rows = await readAll(paginate(client, endpoint('blueprints') as EndpointEntry<{ id: string }>));
    expect(rows.map((r) => r.id)).toEqual(blueprints.map((b) => b.id));
    expect(requests.map((u) => u.searchParams.get('offset'))).toEqual(['0', '100', '200']);
  });

  it('fails the read when a page comes back empty before the count', async () => {
    const client = await serve((url) => {
      const offset = num(url, 'offset', 0);
      return { body: { count: 250, next: null, previous: null, results: offset < 100 ? blueprints.slice(offset, offset + 100) : [] } };
    });
    await expect(readAll(paginate(client, endpoint('blueprints')))).rejects.toMatchObject({
      code: 'IRU_INCOMPLETE_LIST',
      message: expect.stringMatching(/ended after 100 rows of the 250 its count announced/),
    });
  });

  it('reads a Prism category whose first page has total null until an empty page', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ device_id: `d${i}` }));
    const client = await serve((url) => {
      const offset = num(url, 'offset', 0);
      const data = rows.slice(offset, offset + 25); // the server's own cap: 25 whatever is asked
      return { body: { offset, limit: 25, total: offset === 0 ? null : rows.length, data, cursor: null } };
    });
    const read = await readAll(paginate(client, endpoint('prism-filevault') as EndpointEntry<{ device_id: string }>));
    expect(read.map((r) => r.device_id)).toEqual(rows.map((r) => r.device_id));
  });
});

describe('point 6: /devices is read in a stable order, without a missing or repeated device', () => {
  const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const deviceRow = (id: string) => ({ device_id: id, device_name: id.slice(0, 8), serial_number: `S${id.slice(0, 8)}`, platform: 'Mac' });

  it.each([1, 8])('asks for ordering=device_id and survives %i devices leaving below the reader per request', async (leavePerRequest) => {
    // 1,000 devices with even numbers; while the list is read, after each of the first requests, devices already read
    // leave (so the rows after them slide back past the reader) and one new device enrolls between existing ones.
    let fleet = Array.from({ length: 1000 }, (_, i) => uuid(2 * i + 2));
    const original = new Set(fleet);
    const left = new Set<string>();
    let served = 0;
    const client = await serve((url) => {
      const ordering = url.searchParams.get('ordering');
      const list = ordering === 'device_id' ? [...fleet].sort() : [...fleet].reverse();
      const offset = num(url, 'offset', 0);
      const limit = Math.min(num(url, 'limit', 300), 300);
      const page = list.slice(offset, offset + limit);
      const headers = { 'x-total-count': String(list.length) };
      served += 1;
      if (served <= 12) {
        const victims = list.slice(Math.max(0, offset - 3 - leavePerRequest), Math.max(0, offset - 3)).filter((id) => original.has(id));
        fleet = fleet.filter((id) => !victims.includes(id));
        victims.forEach((id) => left.add(id));
        fleet.push(uuid(2 * served * 37 + 1));
      }
      return { headers, body: page.map(deviceRow) };
    });
    const rows = await readAll(paginate(client, endpoint('devices') as EndpointEntry<{ device_id: string }>, { pageSize: 100 }));
    const ids = rows.map((r) => r.device_id);
    expect(requests.every((u) => u.searchParams.get('ordering') === 'device_id')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const presentThroughout = [...original].filter((id) => !left.has(id));
    expect(presentThroughout.filter((id) => !ids.includes(id))).toEqual([]);
    expect(left.size).toBeGreaterThan(5);
  });

  it('refuses a device list that is not in the order it asked for', async () => {
    const client = await serve(() => ({ headers: { 'x-total-count': '3' }, body: [uuid(3), uuid(1), uuid(2)].map(deviceRow) }));
    await expect(readAll(paginate(client, endpoint('devices')))).rejects.toMatchObject({
      code: 'IRU_INVALID_RESPONSE',
      message: expect.stringMatching(/not in the requested order/),
    });
  });
});

describe('point 7: /users keeps sizePerPage on every page', () => {
  it('adds sizePerPage to a next link that carries only cursor', async () => {
    const users = Array.from({ length: 700 }, (_, i) => ({ id: `u${i}`, email: `u${i}@example.com`, name: `User ${i}` }));
    const client = await serve((url) => {
      const size = num(url, 'sizePerPage', 25);
      const start = Number(Buffer.from(url.searchParams.get('cursor') ?? 'MA==', 'base64').toString());
      const results = users.slice(start, start + size);
      const after = start + results.length;
      const next =
        after < users.length ? `https://accuhive.kandji.io/api/v1/users?cursor=${encodeURIComponent(Buffer.from(String(after)).toString('base64'))}` : null;
      return { body: { next, previous: null, results } };
    });
    const rows = await readAll(paginate(client, endpoint('users') as EndpointEntry<{ id: string }>));
    expect(rows).toHaveLength(700);
    expect(requests.map((u) => u.searchParams.get('sizePerPage'))).toEqual(['300', '300', '300']);
  });
});

describe('point 5, next links: an empty page with a next link does not end the list', () => {
  const users = Array.from({ length: 40 }, (_, i) => ({ id: `u${i}`, email: `u${i}@example.com`, name: `User ${i}` }));
  const link = (after: number) => `/api/v1/users?cursor=${after}`;

  it('follows the next link of an empty page and reads every user', async () => {
    // Pages of 20, then an empty page that still links on (a filtered-out page), then the last 20.
    const client = await serve((url) => {
      const at = Number(url.searchParams.get('cursor') ?? 0);
      if (at === 0) return { body: { next: link(20), previous: null, results: users.slice(0, 20) } };
      if (at === 20) return { body: { next: link(21), previous: null, results: [] } };
      return { body: { next: null, previous: null, results: users.slice(20) } };
    });
    const rows = await readAll(paginate(client, endpoint('users') as EndpointEntry<{ id: string }>));
    expect(rows.map((r) => r.id)).toEqual(users.map((u) => u.id));
    expect(requests).toHaveLength(3);
  });

  it('refuses a list that keeps answering empty pages with a next link, after five, instead of following it for ever', async () => {
    const client = await serve((url) => {
      const at = Number(url.searchParams.get('cursor') ?? 0);
      return { body: { next: link(at + 1), previous: null, results: at === 0 ? users.slice(0, 3) : [] } };
    });
    await expect(readAll(paginate(client, endpoint('users') as EndpointEntry<{ id: string }>))).rejects.toThrow(
      /does not match the documented shape \(next: the users list answered 5 empty pages in a row, each with a next link\)/,
    );
    expect(requests).toHaveLength(6);
  });
});

describe('point 8: EU tenants on the Iru host', () => {
  it('resolves the iru-eu region to <app>.api.eu.iru.com', () => {
    expect(resolveBaseUrl({ region: 'iru-eu', app: 'acme' }).href).toBe('https://acme.api.eu.iru.com/');
  });
});

describe("issue 20: a next link is followed only when it keeps the list's path and changes only the query", () => {
  const users = [{ id: 'u0', email: 'u0@example.com', name: 'User 0' }];
  const more = [{ id: 'u1', email: 'u1@example.com', name: 'User 1' }];
  const port = () => Number(http!.baseUrl.port);
  /** The first page links to `next(port)`; any other request gets the second, last page. */
  const listWithNext = (next: (port: number) => string, prefix = '') =>
    serve(
      (url) => ({
        body: { next: url.searchParams.has('cursor') ? null : next(port()), previous: null, results: url.searchParams.has('cursor') ? more : users },
      }),
      prefix,
    );
  const readUsers = (client: IruHttp) => readAll(paginate(client, endpoint('users') as EndpointEntry<{ id: string }>));

  it.each([
    ['secrets;x=1/', () => '/api/v1/users/secrets;x=1/?cursor=2'],
    ['secrets%00/', () => '/api/v1/users/secrets%00/?cursor=2'],
    ['SECRETS/', () => '/api/v1/users/SECRETS/?cursor=2'],
    ['%73ecrets/', () => '/api/v1/users/%73ecrets/?cursor=2'],
    ['%2573ecrets/', () => '/api/v1/users/%2573ecrets/?cursor=2'],
    ['a/../secrets/', () => '/api/v1/users/a/../secrets/?cursor=2'],
    ['secrets.json', () => '/api/v1/users/secrets.json?cursor=2'],
    ['/api/v1/secrets', () => '/api/v1/secrets?cursor=2'],
    ['/api/v1/secrets on the web host', () => 'https://accuhive.kandji.io/api/v1/secrets?cursor=2'],
    ['another path', () => '/api/v1/devices?cursor=2'],
    ['another path: a trailing segment', () => '/api/v1/users/x/?cursor=2'],
    ['another path: another case', () => '/api/v1/Users?cursor=2'],
    ['another path: a relative segment', () => 'users/x?cursor=2'],
    ['another host', (p: number) => `http://localhost:${p}/api/v1/users?cursor=2`],
    ['another host outside Iru', () => 'https://evil.example.com/api/v1/users?cursor=2'],
    ['another host, scheme-relative', () => '//evil.example.com/api/v1/users?cursor=2'],
    ['another host that ends like the web host', () => 'https://accuhive.kandji.io.evil.example.com/api/v1/users?cursor=2'],
    ['another port', (p: number) => `http://127.0.0.1:${p + 1}/api/v1/users?cursor=2`],
    ['another port on the web host', () => 'https://accuhive.kandji.io:8443/api/v1/users?cursor=2'],
    ['another scheme', (p: number) => `https://127.0.0.1:${p}/api/v1/users?cursor=2`],
    ['plain http on the web host', () => 'http://accuhive.kandji.io/api/v1/users?cursor=2'],
    ['credentials', (p: number) => `http://user:pass@127.0.0.1:${p}/api/v1/users?cursor=2`],
    ['the token in it', () => `https://${TOKEN}.example.com/${TOKEN}?cursor=${TOKEN}`],
  ])('refuses a next link with %s, and sends no request for it', async (_case, next) => {
    const client = await listWithNext(next);
    const error = await readUsers(client).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IRU_INVALID_RESPONSE', message: expect.stringContaining("the users list's next link") });
    expect((error as Error).message).toContain('/api/v1/users');
    expect((error as Error).message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(requests.map((u) => `${u.pathname}${u.search}`)).toEqual(['/api/v1/users?sizePerPage=300']);
  });

  it.each([
    ["an absolute link on the list's origin", (p: number) => `http://127.0.0.1:${p}/api/v1/users?cursor=2`],
    ['a link on the web host', () => 'https://accuhive.kandji.io/api/v1/users?cursor=2'],
    ['a link on the API host', () => 'https://accuhive.api.kandji.io/api/v1/users?cursor=2'],
    ['a root-relative link', () => '/api/v1/users?cursor=2'],
    ['a query-only link', () => '?cursor=2'],
    ["the trailing slash of Kandji's published ADE links", () => 'https://accuhive.kandji.io/api/v1/users/?cursor=2'],
  ])('follows %s with the same path and a new query', async (_case, next) => {
    const rows = await readUsers(await listWithNext(next));
    expect(rows.map((r) => r.id)).toEqual(['u0', 'u1']);
    expect(requests.map((u) => `${u.pathname}${u.search}`)).toEqual(['/api/v1/users?sizePerPage=300', '/api/v1/users?cursor=2&sizePerPage=300']);
  });

  it('follows a web-host link under the base path of a proxy, and refuses one that keeps the prefix on the web host', async () => {
    let rows = await readUsers(await listWithNext(() => 'https://accuhive.kandji.io/api/v1/users?cursor=2', '/proxy'));
    expect(rows).toHaveLength(2);
    expect(requests.map((u) => u.pathname)).toEqual(['/proxy/api/v1/users', '/proxy/api/v1/users']);
    await http!.close();
    await new Promise((resolve) => server!.close(resolve));
    rows = await readUsers(await listWithNext((p) => `http://127.0.0.1:${p}/proxy/api/v1/users?cursor=2`, '/proxy'));
    expect(rows).toHaveLength(2);
    await http!.close();
    await new Promise((resolve) => server!.close(resolve));
    await expect(readUsers(await listWithNext(() => 'https://accuhive.kandji.io/proxy/api/v1/users?cursor=2', '/proxy'))).rejects.toMatchObject({
      code: 'IRU_INVALID_RESPONSE',
    });
    expect(requests).toHaveLength(1);
  });

  it("resumes only from a cursor that keeps the list's path", async () => {
    const client = await listWithNext(() => '?cursor=2');
    const from = (token: string) => paginate(client, endpoint('users') as EndpointEntry<{ id: string }>, { from: { pageIndex: 1, token } });
    await expect(readAll(from('/api/v1/secrets?cursor=2'))).rejects.toMatchObject({
      code: 'IRU_REQUEST_REFUSED',
      message: expect.stringContaining('users list'),
    });
    await expect(readAll(from('//evil.example.com/api/v1/users?cursor=2'))).rejects.toMatchObject({ code: 'IRU_REQUEST_REFUSED' });
    expect(requests).toEqual([]);
    expect((await readAll(from('/api/v1/users?cursor=2&sizePerPage=300'))).map((r) => r.id)).toEqual(['u1']);
  });

  it("takes a host of the same tenant as the list's own, and no other", () => {
    const base = new URL('https://accuhive.api.kandji.io');
    expect(isTenantLinkHost(new URL('https://accuhive.kandji.io/api/v1/users'), base)).toBe(true);
    expect(isTenantLinkHost(new URL('https://accuhive.api.kandji.io/api/v1/users'), base)).toBe(true);
    expect(isTenantLinkHost(new URL('https://accuhive.api.eu.iru.com/api/v1/users'), base)).toBe(true);
    for (const link of ['https://other.kandji.io/', 'http://accuhive.kandji.io/', 'https://accuhive.kandji.io:8443/', 'https://accuhive.kandji.io.evil.com/']) {
      expect(isTenantLinkHost(new URL(link), base), link).toBe(false);
    }
    // a proxy or a local server does not tell the app segment: any Iru host, never another
    expect(isTenantLinkHost(new URL('https://acme.kandji.io/'), new URL('http://127.0.0.1:8080'))).toBe(true);
    expect(isTenantLinkHost(new URL('https://evil.example.com/'), new URL('http://127.0.0.1:8080'))).toBe(false);
  });
});
