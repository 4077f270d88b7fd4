import { describe, expect, it } from 'vitest';
import { DeletedConnectionError } from '../../src/store/index.js';
import { sql } from '../helpers/store-sql.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { connectionWithRun, putArtifactOf, readRecords, saveAcme, succeeded, TOKEN } from './fixtures.js';

const AT = '2026-02-01T09:00:00.000Z';

describe.each(BACKENDS)('%s store: deleting a connection', (backend) => {
  const stores = useStoreBackend(backend);

  it('destroys the token ciphertext and marks the connection, keeping its runs and Artifacts; the name stays taken', async () => {
    const store = await stores.fresh();
    const { connection, runId } = await connectionWithRun(store);
    const artifact = await putArtifactOf(store, { connectionId: connection.id, runId }, 'device-inventory', { records: [{ deviceId: 'd1' }] });
    await store.publishRun(runId, succeeded());
    const [before] = await sql<{ ciphertext: Buffer }>(store, 'SELECT token_ciphertext AS ciphertext FROM connections WHERE id = ?', [connection.id]);
    expect(before!.ciphertext.length).toBeGreaterThan(16);
    const other = await saveAcme(store, 'other');

    const deleted = await store.deleteConnection(connection.id, { at: AT, by: 'alice' });
    expect(deleted).toEqual({ ...connection, deletedAt: AT, deletedBy: 'alice', updatedAt: AT });

    const [row] = await sql<{ ciphertext: Buffer; fingerprint: string }>(
      store,
      'SELECT token_ciphertext AS ciphertext, token_fingerprint AS fingerprint FROM connections WHERE id = ?',
      [connection.id],
    );
    expect(Buffer.from(row!.ciphertext).length).toBe(0);
    expect(row!.fingerprint).toBe(connection.tokenFingerprint);
    if (backend === 'sqlite') expect((await stores.connectionBytes(store)).includes(before!.ciphertext)).toBe(false);
    await expect(store.readToken(connection.id)).rejects.toThrow(DeletedConnectionError);
    await expect(store.readToken(connection.id)).rejects.toThrow(/was deleted \(2026-02-01T09:00:00.000Z\): it has no token/);

    // The evidence stays, and the connection is still found by id and name (its evidence names it).
    expect((await store.getRun(runId))?.status).toBe('succeeded');
    expect((await store.currentArtifacts(connection.id)).map((a) => a.id)).toEqual([artifact.id]);
    expect(await readRecords(store, artifact.id)).toEqual(['{"deviceId":"d1"}']);
    expect(await store.getConnection(connection.name)).toEqual(deleted);
    expect((await store.listConnections()).map((c) => [c.name, c.deletedAt])).toEqual(
      [
        [connection.name, AT],
        ['other', null],
      ].sort(),
    );

    // Saving under its name neither resurrects it nor gives it a token.
    await expect(store.saveConnection({ name: connection.name, baseUrl: connection.baseUrl, token: TOKEN })).rejects.toThrow(DeletedConnectionError);
    expect(await store.getConnection(connection.id)).toEqual(deleted);
    // Deleting again changes nothing; another connection is untouched.
    expect(await store.deleteConnection(connection.id, { at: '2026-03-01T00:00:00.000Z', by: 'bob' })).toEqual(deleted);
    expect(await store.readToken(other.id)).toBe(TOKEN);
    expect(await store.deleteConnection('no-such-id', { at: AT, by: 'alice' })).toBeUndefined();
  });

  it('migrates a database of the previous schema: its connections are live', async () => {
    const store = await stores.atSchema({ sqlite: 8, postgres: 7 }, async (run) => {
      await run(
        `INSERT INTO connections (id, name, base_url, token_ciphertext, token_fingerprint, freshness_hours, status, created_at, updated_at)
         VALUES ('c-old', 'old', 'https://old.api.kandji.io', ?, 'sha256:00', 48, 'ok', ?, ?)`,
        [Buffer.from('not really a ciphertext'), AT, AT],
      );
    });
    expect(await store.getConnection('old')).toMatchObject({ id: 'c-old', deletedAt: null, deletedBy: null });
  });
});
