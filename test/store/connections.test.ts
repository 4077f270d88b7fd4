import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyError, TokenCipher } from '../../src/store/token-cipher.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { saveAcme, TOKEN } from './fixtures.js';

describe.each(BACKENDS)('%s store: connections', (backend) => {
  const stores = useStoreBackend(backend);

  it('saves, finds by id or name, lists by name and updates in place under the same id', async () => {
    const store = await stores.fresh();
    const first = await saveAcme(store, 'zeta');
    await saveAcme(store, 'Alpha');
    await saveAcme(store, 'beta');
    expect(first).toMatchObject({
      name: 'zeta',
      baseUrl: 'https://zeta.api.kandji.io',
      region: 'us',
      app: 'zeta',
      freshnessHours: 48,
      status: 'ok',
      statusReason: null,
    });
    expect(first.tokenFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(await store.getConnection(first.id)).toEqual(first);
    expect(await store.getConnection('zeta')).toEqual(first);
    expect(await store.getConnection('nope')).toBeUndefined();
    // Binary order, as SQLite sorts: upper case first.
    expect((await store.listConnections()).map((c) => c.name)).toEqual(['Alpha', 'beta', 'zeta']);

    await store.setConnectionStatus(first.id, 'needs_attention', 'token expired');
    expect(await store.getConnection(first.id)).toMatchObject({ status: 'needs_attention', statusReason: 'token expired' });
    const updated = await store.saveConnection({
      name: 'zeta',
      baseUrl: 'https://zeta.api.eu.kandji.io',
      region: 'eu',
      token: 'new-token',
      freshnessHours: 24,
    });
    expect(updated).toMatchObject({ id: first.id, region: 'eu', app: null, freshnessHours: 24, status: 'ok', statusReason: null, createdAt: first.createdAt });
    expect(await store.readToken(first.id)).toBe('new-token');
    const again = await store.saveConnection({ name: 'zeta', baseUrl: 'https://zeta.api.eu.kandji.io', token: 'new-token' });
    expect(again.freshnessHours).toBe(24);
    expect(await store.listConnections()).toHaveLength(3);
  });

  it('stores only AES-256-GCM ciphertext of the token, bound to its key and connection', async () => {
    const store = await stores.fresh();
    const connection = await saveAcme(store);
    expect(await store.readToken(connection.id)).toBe(TOKEN);
    await expect(store.readToken('no-such-id')).rejects.toThrow(/No connection/);
    expect((await stores.connectionBytes(store)).includes(Buffer.from(TOKEN))).toBe(false);
    const otherKey = stores.reopen(store, new TokenCipher(randomBytes(32)));
    await expect(otherKey.readToken(connection.id)).rejects.toThrow(KeyError);
  });

  it('gives one connection to concurrent saves of the same name, from several stores at once', async () => {
    const store = await stores.fresh();
    const others = [store, stores.reopen(store), stores.reopen(store)];
    const saved = await Promise.all(
      others.flatMap((s, i) => [0, 1].map((j) => s.saveConnection({ name: 'shared', baseUrl: 'https://shared.api.kandji.io', token: `t-${i}-${j}` }))),
    );
    expect(new Set(saved.map((c) => c.id)).size).toBe(1);
    expect(await store.listConnections()).toHaveLength(1);
    expect(await store.readToken(saved[0]!.id)).toMatch(/^t-\d-\d$/);
  });
});
