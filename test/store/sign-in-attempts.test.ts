import { describe, expect, it } from 'vitest';
import type { EvidenceStore } from '../../src/store/types.js';
import { BACKENDS, useStoreBackend } from './backends.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString();
const count = async (store: EvidenceStore, key: string, forgetBefore = at(0)) => (await store.signInFailures([key], forgetBefore))[0]?.failures ?? 0;

describe.each(BACKENDS)('%s store: sign-in failures', (backend) => {
  const stores = useStoreBackend(backend);

  it('counts failures recorded at once from two stores on one database, every one of them', async () => {
    const first = await stores.fresh();
    const second = stores.reopen(first);
    const keys = ['user ["192.0.2.1","alice"]', 'address 192.0.2.1'];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).recordSignInFailure(keys, at(1), at(0))));
    // Each failure saw its own count: 1 to 40, once each, for both keys.
    expect(results.map((r) => r[0]!.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(results.map((r) => r[1]!.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await count(first, keys[0]!)).toBe(40);
    expect(await count(second, keys[1]!)).toBe(40);
  });

  it('restarts a key whose last failure is older than the window, clears one key, and prunes forgotten ones', async () => {
    const store = await stores.fresh();
    await store.recordSignInFailure(['a', 'b'], at(1), at(0));
    await store.recordSignInFailure(['a', 'b'], at(2), at(0));
    expect(await store.signInFailures(['a', 'b', 'c'], at(0))).toEqual(
      expect.arrayContaining([
        { key: 'a', failures: 2, lastFailureAt: at(2) },
        { key: 'b', failures: 2, lastFailureAt: at(2) },
      ]),
    );
    expect(await count(store, 'a', at(3))).toBe(0);
    expect((await store.recordSignInFailure(['a'], at(30), at(3)))[0]).toEqual({ key: 'a', failures: 1, lastFailureAt: at(30) });
    await store.clearSignInFailures('a');
    expect(await count(store, 'a')).toBe(0);
    expect(await count(store, 'b')).toBe(2);
    expect(await store.pruneSignInFailures(at(3))).toBe(1);
    expect(await store.signInFailures(['a', 'b'], '')).toEqual([]);
  });

  it('upgrades a password hash only while it is still the one read', async () => {
    const store = await stores.fresh();
    const user = await store.createWebUser({ username: 'alice', passwordHash: 'old', role: 'admin' });
    expect(await store.upgradeWebUserPasswordHash(user.id, 'stale', 'new')).toBe(false);
    expect((await store.findWebUserCredentials('alice'))!.passwordHash).toBe('old');
    expect(await store.upgradeWebUserPasswordHash(user.id, 'old', 'new')).toBe(true);
    expect((await store.findWebUserCredentials('alice'))!.passwordHash).toBe('new');
  });
});
