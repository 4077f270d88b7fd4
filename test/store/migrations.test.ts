import { describe, expect, it } from 'vitest';
import { BACKENDS, useStoreBackend } from './backends.js';
import { saveAcme } from './fixtures.js';

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
