import { describe, expect, it } from 'vitest';
import { StoredSummaryError } from '../../src/store/index.js';
import { sql } from '../helpers/store-sql.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { runSummary, saveAcme } from './fixtures.js';

describe.each(BACKENDS)('%s store: runs', (backend) => {
  const stores = useStoreBackend(backend);

  it('starts a run once, finishes it with its summary, and lists runs newest first', async () => {
    const store = await stores.fresh();
    const acme = await saveAcme(store, 'acme');
    const other = await saveAcme(store, 'other');
    const started = await store.startRun({ id: 'r1', connectionId: acme.id, workflowId: 'wf-1', startedAt: '2026-01-01T00:00:00.000Z' });
    expect(started).toEqual({
      id: 'r1',
      connectionId: acme.id,
      workflowId: 'wf-1',
      status: 'running',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: null,
      summary: null,
    });
    // A retried activity starts it again: nothing changes.
    expect(await store.startRun({ id: 'r1', connectionId: acme.id, workflowId: 'wf-other', startedAt: '2026-01-09T00:00:00.000Z' })).toEqual(started);

    const error = { code: 'transient', message: 'ünïcode \u0000 and "quotes"' };
    const summary = runSummary({ runId: 'r1', connectionId: acme.id, status: 'partial', error });
    await store.publishRun('r1', { status: 'partial', finishedAt: '2026-01-01T00:05:00.000Z', summary });
    expect(await store.getRun('r1')).toEqual({ ...started, status: 'partial', finishedAt: '2026-01-01T00:05:00.000Z', summary });
    expect(await store.getRun('nope')).toBeUndefined();

    await store.startRun({ id: 'r3', connectionId: acme.id, workflowId: 'wf-3', startedAt: '2026-01-03T00:00:00.000Z' });
    await store.startRun({ id: 'r2', connectionId: acme.id, workflowId: 'wf-2', startedAt: '2026-01-02T00:00:00.000Z' });
    await store.startRun({ id: 'o1', connectionId: other.id, workflowId: 'wf-o', startedAt: '2026-01-04T00:00:00.000Z' });
    expect((await store.listRuns(acme.id)).map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect((await store.listRuns(acme.id, 2)).map((r) => r.id)).toEqual(['r3', 'r2']);
  });

  it('refuses a stored summary that is not a run summary, naming the run, instead of passing it on', async () => {
    const store = await stores.fresh();
    const acme = await saveAcme(store, 'acme');
    await store.startRun({ id: 'r1', connectionId: acme.id, workflowId: 'wf-1', startedAt: '2026-01-01T00:00:00.000Z' });
    for (const [stored, problem] of [
      ['{"status": "succeeded", "sources": []}', /run r1 is not a run summary: runId is not a string/],
      ['{"truncated', /run r1 is not JSON/],
      [JSON.stringify({ ...runSummary(), status: 'done' }), /status "done" is not succeeded, partial or failed/],
      [JSON.stringify({ ...runSummary(), sources: [{}] }), /a source has no name/],
    ] as const) {
      await sql(store, 'UPDATE runs SET summary_json = ? WHERE id = ?', [stored, 'r1']);
      const error = await store.getRun('r1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoredSummaryError);
      expect((error as Error).message).toMatch(problem);
    }
  });

  it('finds runs by connection and start period, newest first', async () => {
    const store = await stores.fresh();
    const acme = await saveAcme(store, 'acme');
    const other = await saveAcme(store, 'other');
    for (const [id, connectionId, day] of [
      ['a1', acme.id, '01'],
      ['a2', acme.id, '05'],
      ['a3', acme.id, '09'],
      ['o1', other.id, '05'],
    ] as const) {
      await store.startRun({ id, connectionId, workflowId: `wf-${id}`, startedAt: `2026-02-${day}T12:00:00.000Z` });
    }
    const ids = async (filter: Parameters<typeof store.findRuns>[0]) => (await store.findRuns(filter)).map((r) => r.id);
    const all = await ids(undefined);
    expect([all[0], all[3]]).toEqual(['a3', 'a1']);
    expect(all.slice(1, 3).sort()).toEqual(['a2', 'o1']);
    expect(await ids({ connectionId: acme.id })).toEqual(['a3', 'a2', 'a1']);
    expect(await ids({ connectionId: acme.id, limit: 1 })).toEqual(['a3']);
    expect(await ids({ startedFrom: '2026-02-05T12:00:00.000Z', startedTo: '2026-02-09T00:00:00.000Z' }).then((r) => r.sort())).toEqual(['a2', 'o1']);
    expect(await ids({ connectionId: other.id, startedTo: '2026-02-01T23:59:59.999Z' })).toEqual([]);
  });
});
