/**
 * The paginators against a real HTTP server on 127.0.0.1 that answers the way the real API does where it differs from a
 * naive reading (../shared/reference/iru-api-observed.md, Paging): short pages before the end, `next` links that drop
 * the page size, and a device list that changes while it is read. Expected values come from the server's own list.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { endpoint, IruHttp, paginate, resolveBaseUrl, TenantLimiter, type EndpointEntry, type Page } from '../../src/iru/index.js';

const TOKEN = '8b0d7c3e-2f5a-4c1b-9e6d-1a2b3c4d5e6f';

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

let server: Server | undefined;
let http: IruHttp | undefined;
let requests: URL[] = [];

async function serve(answer: (url: URL, request: IncomingMessage) => Answer): Promise<IruHttp> {
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
    baseUrl: new URL(`http://127.0.0.1:${port}`),
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

describe('point 8: EU tenants on the Iru host', () => {
  it('resolves the iru-eu region to <app>.api.eu.iru.com', () => {
    expect(resolveBaseUrl({ region: 'iru-eu', app: 'acme' }).href).toBe('https://acme.api.eu.iru.com/');
  });
});
