import { describe, expect, it } from 'vitest';
import { BACKENDS, useStoreBackend } from './backends.js';
import { indexedRecords, readRecords, saveAcme } from './fixtures.js';

describe.each(BACKENDS)('%s store: schema migrations', (backend) => {
  const stores = useStoreBackend(backend);

  it('migrates once: a reopened store keeps its data', async () => {
    const store = await stores.fresh();
    const acme = await saveAcme(store);
    await store.close();
    const reopened = stores.reopen(store);
    expect(await reopened.getConnection('acme')).toEqual(acme);
  });

  it('lets several workers open a new database at the same moment', async () => {
    const first = await stores.fresh();
    const all = [first, ...Array.from({ length: 5 }, () => stores.reopen(first))];
    const saved = await Promise.all(all.map((s, i) => saveAcme(s, `tenant-${i}`)));
    expect(new Set(saved.map((c) => c.id)).size).toBe(6);
    expect(await first.listConnections()).toHaveLength(6);
  });

  it('refuses a database written by a newer iru-evidence', async () => {
    const store = await stores.fresh();
    await saveAcme(store);
    await store.close();
    await stores.pretendNewerSchema(store);
    const open = async () => (await stores.reopen(store).listConnections()).length;
    await expect(open()).rejects.toThrow(/newer iru-evidence \(schema 999/);
  });
});

describe.each(BACKENDS)('%s store: records leave the Artifact document', (backend) => {
  const stores = useStoreBackend(backend);
  const at = '2026-01-10T10:00:00.000Z';

  /** A document as earlier versions stored it: JSON.stringify of the whole Artifact, records inside. */
  const documentOf = (id: string, records: unknown[], order: 'records-inside' | 'records-first' | 'records-last' = 'records-inside') => {
    const head = {
      id,
      type: `t-${id}`,
      schemaVersion: 1,
      title: `T ${id} \u0000 ünï`,
      connectionId: 'c-1',
      runId: 'r-1',
      collectedAt: at,
      expiresAt: '2026-01-12T10:00:00.000Z',
    };
    const summary = { counts: { records: records.length }, note: 'a "records": [] \\ ]' };
    const tail = { contentSha256: 'c'.repeat(64), sha256: 'd'.repeat(64) };
    const document =
      order === 'records-first'
        ? { records, ...head, summary, ...tail }
        : order === 'records-last'
          ? { ...head, summary, ...tail, records }
          : { ...head, summary, records, ...tail };
    const { records: _records, ...envelope } = document;
    return { text: JSON.stringify(document), envelope: JSON.stringify(envelope) };
  };

  it('moves the records of stored Artifacts into their own table, in document order, and keeps the rest as the envelope', async () => {
    const special = [
      { name: 'ünï \u0000 \ud800 "q" [x] {y} \\', n: 2.5, big: 1e21 },
      { records: [1, 2], nested: { records: 'no' } },
      { '10': 'b', '9': 'a', z: null, a: [true, false] },
      { 日本: '日本' },
    ];
    const many = Array.from({ length: 1_203 }, (_, i) => ({ deviceId: `d-${1_203 - i}`, i }));
    const artifacts = [
      { id: 'art-big', records: [...special, ...many], order: 'records-inside' as const, published: true },
      { id: 'art-first', records: [{ a: 1 }, { a: 2 }], order: 'records-first' as const, published: true },
      { id: 'art-last', records: [{ b: 1 }], order: 'records-last' as const, published: false },
      { id: 'art-empty', records: [], order: 'records-inside' as const, published: false },
    ].map((a) => ({ ...a, ...documentOf(a.id, a.records, a.order) }));

    const store = await stores.beforeArtifactRecords(async (sql) => {
      await sql(
        'INSERT INTO connections (id, name, base_url, token_ciphertext, token_fingerprint, freshness_hours, created_at, updated_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ['c-1', 'acme', 'https://acme.api.kandji.io', Buffer.from([1, 2, 3]), 'fp', 48, at, at],
      );
      await sql(`INSERT INTO runs (id, connection_id, workflow_id, status, started_at, finished_at) VALUES (?, ?, ?, 'succeeded', ?, ?)`, [
        'r-1',
        'c-1',
        'wf-1',
        at,
        at,
      ]);
      for (const [seq, a] of artifacts.entries()) {
        await sql(
          `INSERT INTO artifacts (id, connection_id, run_id, type, collected_at, sha256, content_sha256, record_count, published, published_seq, document_json)
           VALUES (?, 'c-1', 'r-1', ?, ?, ?, ?, ?, ${a.published ? 'true' : 'false'}, ?, ?)`,
          [a.id, `t-${a.id}`, at, 'd'.repeat(64), 'c'.repeat(64), a.records.length, a.published ? seq + 1 : null, a.text],
        );
        if (a.published)
          await sql('INSERT INTO artifact_envelopes (artifact_id, expires_at, envelope_json) VALUES (?, ?, ?)', [a.id, '2026-01-12T10:00:00.000Z', a.envelope]);
      }
    });

    for (const a of artifacts) {
      expect(await store.getArtifact(a.id)).toEqual({
        id: a.id,
        connectionId: 'c-1',
        runId: 'r-1',
        type: `t-${a.id}`,
        collectedAt: at,
        sha256: 'd'.repeat(64),
        contentSha256: 'c'.repeat(64),
        recordCount: a.records.length,
        published: a.published,
        envelope: a.envelope,
      });
      expect(await readRecords(store, a.id)).toEqual(a.records.map((r) => JSON.stringify(r)));
    }
    const listed = await store.listArtifactVersions({ connectionId: 'c-1' });
    expect(listed.map((v) => [v.id, v.envelope])).toEqual(
      artifacts
        .filter((a) => a.published)
        .map((a) => [a.id, a.envelope])
        .sort(),
    );

    // The migrated store takes new Artifacts as this version writes them, and a reopened one migrates nothing again.
    await store.putArtifactRecords('art-new', indexedRecords([{ x: 1 }]));
    await store.close();
    const reopened = stores.reopen(store);
    expect(await readRecords(reopened, 'art-big')).toHaveLength(1_207);
    expect(await readRecords(reopened, 'art-new')).toEqual(['{"x":1}']);
  });
});
