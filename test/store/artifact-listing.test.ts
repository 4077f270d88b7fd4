import { describe, expect, it } from 'vitest';
import type { ArtifactVersionFilter, EvidenceStore } from '../../src/store/types.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { connectionWithRun, putArtifactOf, saveAcme, succeeded } from './fixtures.js';

/** Two connections; acme has two published runs (Jan 10, Jan 20) and one unpublished; beta one run. Expiry: 2 days. */
async function seed(store: EvidenceStore) {
  const { connection: acme } = await connectionWithRun(store, 'seed-a');
  const beta = await saveAcme(store, 'beta');
  const ids: Record<string, string> = {};
  const envelopes: Record<string, string> = {};
  const run = async (connectionId: string, runId: string, day: string, publish: boolean) => {
    await store.startRun({ id: runId, connectionId, workflowId: runId, startedAt: `2026-01-${day}T10:00:00.000Z` });
    for (const type of ['firewall', 'device-inventory']) {
      const a = await putArtifactOf(store, { connectionId, runId }, type, {
        collectedAt: `2026-01-${day}T10:05:00.000Z`,
        expiresAt: `2026-01-${Number(day) + 2}T10:05:00.000Z`,
        records: [1, 2, 3],
      });
      ids[`${runId}/${type}`] = a.id;
      envelopes[a.id] = a.envelope;
    }
    if (publish) await store.publishRun(runId, succeeded());
  };
  await run(acme.id, 'a-10', '10', true);
  await run(beta.id, 'b-15', '15', true);
  await run(acme.id, 'a-20', '20', true);
  await run(acme.id, 'a-25', '25', false);
  return { acme, beta, ids, envelopes };
}

describe.each(BACKENDS)('%s store: browsing published versions', (backend) => {
  const stores = useStoreBackend(backend);

  it('lists published versions with their envelopes, never the records, by type, connection and newest first', async () => {
    const store = await stores.fresh();
    const { acme, ids, envelopes } = await seed(store);
    const versions = await store.listArtifactVersions();
    expect(versions.map((v) => `${v.runId}/${v.type}`)).toEqual(
      acme.id < (await store.getConnection('beta'))!.id
        ? ['a-20/device-inventory', 'a-10/device-inventory', 'b-15/device-inventory', 'a-20/firewall', 'a-10/firewall', 'b-15/firewall']
        : ['b-15/device-inventory', 'a-20/device-inventory', 'a-10/device-inventory', 'b-15/firewall', 'a-20/firewall', 'a-10/firewall'],
    );
    const newest = versions.find((v) => v.id === ids['a-20/firewall'])!;
    expect(newest).toMatchObject({
      connectionId: acme.id,
      type: 'firewall',
      collectedAt: '2026-01-20T10:05:00.000Z',
      expiresAt: '2026-01-22T10:05:00.000Z',
      recordCount: 3,
      current: true,
    });
    expect(versions.find((v) => v.id === ids['a-10/firewall'])!.current).toBe(false);
    expect(newest.publishedSeq).toBeGreaterThan(versions.find((v) => v.id === ids['a-10/firewall'])!.publishedSeq);
    // The envelope exactly as it was put.
    for (const version of versions) expect(version.envelope).toBe(envelopes[version.id]);
    const envelope = JSON.parse(newest.envelope) as Record<string, unknown>;
    expect(envelope).not.toHaveProperty('records');
    expect(envelope).toMatchObject({ id: ids['a-20/firewall'], type: 'firewall', runId: 'a-20', summary: { evidence: 'firewall', ratio: 1.5 } });
    expect(Object.keys(envelope)[0]).toBe('id');
  });

  it('filters by ids, connection, types, period of validity, current only and limit', async () => {
    const store = await stores.fresh();
    const { acme, beta, ids } = await seed(store);
    const runsOf = async (filter: ArtifactVersionFilter) => (await store.listArtifactVersions(filter)).map((v) => `${v.runId}/${v.type}`).sort();
    expect(await runsOf({ ids: [ids['a-10/firewall']!, ids['a-25/firewall']!, 'nope'] })).toEqual(['a-10/firewall']);
    expect(await runsOf({ ids: [] })).toEqual([]);
    expect(await runsOf({ connectionId: beta.id })).toEqual(['b-15/device-inventory', 'b-15/firewall']);
    expect(await runsOf({ connectionId: acme.id, types: ['firewall'] })).toEqual(['a-10/firewall', 'a-20/firewall']);
    expect(await runsOf({ currentOnly: true, types: ['firewall'] })).toEqual(['a-20/firewall', 'b-15/firewall']);
    // Valid at some moment of [Jan 11, Jan 14]: collected by Jan 14, expiring on or after Jan 11.
    expect(await runsOf({ validFrom: '2026-01-11T00:00:00.000Z', validTo: '2026-01-14T00:00:00.000Z' })).toEqual(['a-10/device-inventory', 'a-10/firewall']);
    expect(await runsOf({ validFrom: '2026-01-13T00:00:00.000Z' })).toEqual([
      'a-20/device-inventory',
      'a-20/firewall',
      'b-15/device-inventory',
      'b-15/firewall',
    ]);
    expect(await store.listArtifactVersions({ limit: 2 })).toHaveLength(2);
    expect(await store.listArtifactVersions({ connectionId: acme.id, currentOnly: true, limit: 0 })).toHaveLength(0);
  });
});
