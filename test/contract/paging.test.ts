import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadFixture, type SeenRequest } from './fixture-server.js';
import { fixtureTenant, readAll } from './harness.js';

const tenant = fixtureTenant();
const server = tenant.server;

describe('next links as Kandji publishes them', () => {
  it('/users: the next link points at the web host and carries only cursor; the second request still asks sizePerPage', async () => {
    server.serve([loadFixture('users')]);
    const rows = await readAll<{ id: string }>(tenant.http, 'users');
    expect(rows.map((r) => r.id)).toEqual(['69c009ca-1f78-4bdf-bb93-08d6d39041db', 'adacf177-fbc2-4485-be26-05d8d965a8a6']);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0]?.query.sizePerPage).toBe('300');
    expect(server.seen[1]).toMatchObject({ path: '/api/v1/users', query: { cursor: 'cD0yOTE0Mw==' } });
    expect(server.seen[1]?.query.sizePerPage).toBe('300');
  });

  it('audit events: the next link on the API host is followed on the configured host with its cursor', async () => {
    server.serve([loadFixture('audit-events')]);
    const rows = await readAll<{ id: string; occurred_at: string }>(tenant.http, 'audit-events');
    expect(rows.map((r) => r.id)).toEqual(['01JNGZW47KZKPXE1JWCFE4PHDW', '01JNGZWQ7WAN45PVTJ3686TXHT', '01JNGZWQ7W0C1TD9MZAP6XSEGH']);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]).toMatchObject({ path: '/api/v1/audit/events', query: { cursor: 'PmR0OjIwMjUtMDMtMTcgMjI6Mjk6MjUuMzAxMDkyKzAwOjAw' } });
  });
});

describe('/blueprints (DRF count/next/results)', () => {
  const recorded = loadFixture('blueprints-har-2024');
  const allRows = (recorded.exchanges[0]!.response.body as { results: { id: string }[] }).results;

  it('the recorded page (count 3, 3 rows at limit=100) is the whole list: one request', async () => {
    server.serve([recorded]);
    const rows = await readAll<{ id: string }>(tenant.http, 'blueprints', { pageSize: 100 });
    expect(rows.map((r) => r.id)).toEqual(allRows.map((r) => r.id));
    expect(server.seen).toHaveLength(1);
  });

  /** The recorded rows served at most `cap` a page whatever `limit` asks, with `count` the full total and `next` set while rows remain. */
  function capped(cap: number, rowsAt: (offset: number) => unknown[] = (offset) => allRows.slice(offset, offset + cap)) {
    return (request: SeenRequest, res: ServerResponse) => {
      if (request.path !== '/api/v1/blueprints') return false;
      const offset = Number(request.query.offset ?? 0);
      const results = rowsAt(offset);
      const more = offset + cap < allRows.length;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          count: allRows.length,
          next: more ? `https://jupiterone-nfr.api.kandji.io/api/v1/blueprints?limit=${request.query.limit}&offset=${offset + cap}` : null,
          previous: offset > 0 ? 'https://jupiterone-nfr.api.kandji.io/api/v1/blueprints?limit=100' : null,
          results,
        }),
      );
      return true;
    };
  }

  it('a server that serves fewer rows than asked while count says more: every row is read', async () => {
    server.serve([]).handle(capped(2));
    const rows = await readAll<{ id: string }>(tenant.http, 'blueprints');
    expect(rows.map((r) => r.id)).toEqual(allRows.map((r) => r.id));
  });

  it('a list that ends short of its count fails the source instead of publishing a truncated list', async () => {
    server.serve([]).handle(capped(2, (offset) => (offset === 0 ? allRows.slice(0, 2) : [])));
    await expect(readAll(tenant.http, 'blueprints')).rejects.toMatchObject({ code: 'IRU_INCOMPLETE_LIST' });
  });
});
