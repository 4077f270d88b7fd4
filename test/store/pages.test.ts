import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EvidenceStore, StoredPage } from '../../src/store/types.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { finishRun } from '../helpers/store-sql.js';
import { connectionWithRun } from './fixtures.js';

const page = (
  runId: string,
  source: string,
  pageIndex: number,
  rows: unknown[],
  next: unknown,
  fetchedAt = `2026-01-10T10:00:0${pageIndex}.000Z`,
): StoredPage => ({
  runId,
  source,
  pageIndex,
  rows,
  next,
  fetchedAt,
});

async function all(store: EvidenceStore, runId: string, source: string): Promise<StoredPage[]> {
  const pages: StoredPage[] = [];
  for await (const p of store.pages(runId, source)) pages.push(p);
  return pages;
}

describe.each(BACKENDS)('%s store: raw pages', (backend) => {
  const stores = useStoreBackend(backend);

  it('keeps one page per (run, source, page): a retried page replaces itself', async () => {
    const store = await stores.fresh();
    const { runId } = await connectionWithRun(store);
    await store.putPage(page(runId, 'devices', 0, [{ id: 'a' }, { id: 'b' }], { offset: 2 }));
    await store.putPage(page(runId, 'devices', 1, [{ id: 'c' }], { offset: 3 }));
    await store.putPage(page(runId, 'devices', 1, [{ id: 'c' }, { id: 'd', name: 'ünï \u0000 \ud800' }], { offset: 4 }, '2026-01-10T10:00:09.000Z'));
    await store.putPage(page(runId, 'users', 0, [{ id: 'u' }], null));
    const pages = await all(store, runId, 'devices');
    expect(pages.map((p) => [p.pageIndex, p.rows.length, p.next])).toEqual([
      [0, 2, { offset: 2 }],
      [1, 2, { offset: 4 }],
    ]);
    expect(pages[1]!.rows[1]).toEqual({ id: 'd', name: 'ünï \u0000 \ud800' });
    expect(pages[1]!.fetchedAt).toBe('2026-01-10T10:00:09.000Z');
    expect(await all(store, runId, 'users')).toEqual([page(runId, 'users', 0, [{ id: 'u' }], null)]);
    expect(await all(store, runId, 'nothing')).toEqual([]);
  });

  it('reports progress and the cursor to resume from, and drops pages a resumed source re-reads', async () => {
    const store = await stores.fresh();
    const { runId } = await connectionWithRun(store);
    expect(await store.sourceProgress(runId, 'devices')).toEqual({ pages: 0, rows: 0, firstFetchedAt: null, lastFetchedAt: null, resumeFrom: undefined });
    for (let i = 0; i < 4; i++) await store.putPage(page(runId, 'devices', i, [i, i], i < 3 ? { cursor: `c${i + 1}` } : null));
    expect(await store.sourceProgress(runId, 'devices')).toEqual({
      pages: 4,
      rows: 8,
      firstFetchedAt: '2026-01-10T10:00:00.000Z',
      lastFetchedAt: '2026-01-10T10:00:03.000Z',
      resumeFrom: null,
    });
    await store.truncatePages(runId, 'devices', 2);
    expect(await store.sourceProgress(runId, 'devices')).toMatchObject({ pages: 2, rows: 4, resumeFrom: { cursor: 'c2' } });
    expect((await all(store, runId, 'devices')).map((p) => p.pageIndex)).toEqual([0, 1]);
  });

  it("counts every source's pages and rows of one run, a retried page once, other runs apart", async () => {
    const store = await stores.fresh();
    const { runId } = await connectionWithRun(store);
    const { runId: otherRunId } = await connectionWithRun(store);
    expect(await store.pageCounts(runId)).toEqual([]);
    await store.putPage(page(runId, 'users', 0, [1, 2, 3], null));
    await store.putPage(page(runId, 'devices', 0, [1, 2], { offset: 2 }));
    await store.putPage(page(runId, 'devices', 1, [3], null));
    await store.putPage(page(runId, 'devices', 1, [3, 4, 5], null));
    await store.putPage(page(runId, 'audit_events', 0, [], null));
    await store.putPage(page(otherRunId, 'devices', 0, [9], null));
    expect(await store.pageCounts(runId)).toEqual([
      { source: 'audit_events', pages: 1, rows: 0 },
      { source: 'devices', pages: 2, rows: 5 },
      { source: 'users', pages: 1, rows: 3 },
    ]);
    expect(await store.pageCounts(otherRunId)).toEqual([{ source: 'devices', pages: 1, rows: 1 }]);
  });

  it("prunes the raw pages of a connection's runs that finished before the cutoff, never a running or kept run's, nor another connection's", async () => {
    const store = await stores.fresh();
    const { connection, runId: old } = await connectionWithRun(store, `old-${randomUUID()}`, '2026-01-01T00:00:00.000Z');
    const run = async (id: string, startedAt: string, finishedAt?: string) => {
      await store.startRun({ id, connectionId: connection.id, workflowId: id, startedAt });
      if (finishedAt) await finishRun(store, id, { status: 'succeeded', finishedAt, summary: null });
      return id;
    };
    await finishRun(store, old, { status: 'failed', finishedAt: '2026-01-01T00:10:00.000Z', summary: null });
    const recent = await run(`recent-${randomUUID()}`, '2026-01-09T00:00:00.000Z', '2026-01-09T00:10:00.000Z');
    const kept = await run(`kept-${randomUUID()}`, '2026-01-02T00:00:00.000Z', '2026-01-02T00:10:00.000Z');
    const running = await run(`running-${randomUUID()}`, '2026-01-01T12:00:00.000Z');
    const { runId: elsewhere } = await connectionWithRun(store, `else-${randomUUID()}`, '2026-01-01T00:00:00.000Z');
    await finishRun(store, elsewhere, { status: 'succeeded', finishedAt: '2026-01-01T00:10:00.000Z', summary: null });
    for (const id of [old, recent, kept, running, elsewhere]) {
      await store.putPage(page(id, 'devices', 0, [1, 2], { offset: 2 }));
      await store.putPage(page(id, 'devices', 1, [3], null));
      await store.putPage(page(id, 'users', 0, [1], null));
    }
    expect(await store.pruneRawPages(connection.id, '2026-01-05T00:00:00.000Z', kept)).toBe(3);
    expect(await store.pageCounts(old)).toEqual([]);
    for (const id of [recent, kept, running, elsewhere])
      expect(await store.pageCounts(id), id).toEqual([
        { source: 'devices', pages: 2, rows: 3 },
        { source: 'users', pages: 1, rows: 1 },
      ]);
    expect(await store.getRun(old)).toMatchObject({ status: 'failed', finishedAt: '2026-01-01T00:10:00.000Z' });
    expect(await store.pruneRawPages(connection.id, '2026-01-05T00:00:00.000Z', kept)).toBe(0);
  });

  it('reads pages in order one at a time, skipping gaps, while pages are still being written', async () => {
    const store = await stores.fresh();
    const { runId } = await connectionWithRun(store);
    for (const i of [5, 0, 2]) await store.putPage(page(runId, 's', i, [i], null));
    const seen: number[] = [];
    for await (const p of store.pages(runId, 's')) {
      seen.push(p.pageIndex);
      if (p.pageIndex === 2) await store.putPage(page(runId, 's', 3, [3], null));
    }
    expect(seen).toEqual([0, 2, 3, 5]);
  });
});
