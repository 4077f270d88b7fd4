import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/read-model/errors.js';
import type { EvidenceStore, NewApiKey } from '../../src/store/types.js';
import { apiKeyStatus, invalidateApiKey, issueApiKey, rotateApiKey } from '../../src/web/auth/api-keys.js';
import { BACKENDS, useStoreBackend } from './backends.js';

/** Enough races that an unguarded rotation (check, then write) loses one of them on either backend. */
const RACES = 20;
const NOW = new Date('2026-03-01T00:00:00.000Z');
const GRACE_END = '2026-03-02T00:00:00.000Z';

const newKey = (id: string): NewApiKey => ({ id, name: `key ${id}`, keyHash: `hash-${id}`, scope: 'read', createdBy: 'admin', createdAt: NOW.toISOString() });

/** Every key issued after `oldId` under its name: the replacements a rotation of it issued. */
async function replacementsOf(store: EvidenceStore, oldId: string) {
  const old = (await store.getApiKey(oldId))!;
  return (await store.listApiKeys()).filter((k) => k.name === old.name && k.id !== oldId);
}

function settled<T>(outcomes: PromiseSettledResult<T>[]) {
  return {
    won: outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])),
    lost: outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : [])),
  };
}

describe.each(BACKENDS)('%s store: API-key rotation under concurrency', (backend) => {
  const stores = useStoreBackend(backend);

  it(`two rotations of one key raced from two stores (${RACES} times): one replacement, the other rotation is refused with a conflict`, async () => {
    const first = await stores.fresh();
    // Another store on the same database: on PostgreSQL its own connection pool, as another web process would have.
    const second = stores.reopen(first);
    for (let race = 0; race < RACES; race++) {
      const { apiKey: old } = await issueApiKey(first, { name: `race ${race}`, scope: 'admin', createdBy: 'admin' }, NOW);
      const [a, b] = race % 2 === 0 ? [first, second] : [second, first];
      const { won, lost } = settled(await Promise.allSettled([rotateApiKey(a, old.id, 'ann', NOW), rotateApiKey(b, old.id, 'bob', NOW)]));

      expect(won, `race ${race}`).toHaveLength(1);
      expect(lost, `race ${race}`).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(ConflictError);
      expect(lost[0]!.message).toMatch(/already rotated; rotate its replacement/);

      const winner = won[0]!.apiKey;
      const replacements = await replacementsOf(first, old.id);
      expect(replacements.map((k) => k.id)).toEqual([winner.id]);
      expect(apiKeyStatus(replacements[0]!, NOW)).toBe('active');
      expect(replacements[0]).toMatchObject({ scope: 'admin', expiresAt: null, revokedAt: null, replacedBy: null });
      const previous = (await second.getApiKey(old.id))!;
      expect(previous).toMatchObject({ replacedBy: winner.id, expiresAt: GRACE_END, revokedAt: null });
      expect(won[0]!.previous).toMatchObject({ id: old.id, replacedBy: winner.id, status: 'expires_soon' });
    }
  });

  // The window the old code left open, made certain: between the rotation's check (getApiKey) and its write, another
  // store (another web process) rotates or invalidates the key.
  const checkedThen = (store: EvidenceStore, meanwhile: (id: string) => Promise<unknown>): EvidenceStore => {
    let done = false;
    const getApiKey = async (id: string) => {
      const key = await store.getApiKey(id);
      if (!done) {
        done = true;
        await meanwhile(id);
      }
      return key;
    };
    return new Proxy(store, {
      get(target, property) {
        if (property === 'getApiKey') return getApiKey;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };

  it('a key rotated by another store after the check is not rotated again: a conflict, and only the first replacement', async () => {
    const first = await stores.fresh();
    const second = stores.reopen(first);
    const { apiKey: old } = await issueApiKey(first, { name: 'twice', scope: 'read', createdBy: 'admin' }, NOW);
    let other: string | undefined;
    const racing = checkedThen(first, async (id) => void (other = (await rotateApiKey(second, id, 'bob', NOW)).apiKey.id));
    const refused = await rotateApiKey(racing, old.id, 'ann', NOW).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toBe(`API key ${old.id} was already rotated; rotate its replacement ${other} instead`);
    expect((await replacementsOf(first, old.id)).map((k) => k.id)).toEqual([other]);
    expect(await first.getApiKey(old.id)).toMatchObject({ replacedBy: other, expiresAt: GRACE_END });
  });

  it('a key invalidated by another store after the check gets no replacement: a conflict', async () => {
    const first = await stores.fresh();
    const second = stores.reopen(first);
    const { apiKey: old } = await issueApiKey(first, { name: 'leaked', scope: 'admin', createdBy: 'admin' }, NOW);
    const racing = checkedThen(first, (id) => invalidateApiKey(second, id, NOW));
    await expect(rotateApiKey(racing, old.id, 'ann', NOW)).rejects.toThrow(ConflictError);
    await expect(rotateApiKey(racing, old.id, 'ann', NOW)).rejects.toThrow(/already invalidated; it cannot be rotated/);
    expect(await replacementsOf(first, old.id)).toEqual([]);
    expect(await first.getApiKey(old.id)).toMatchObject({ revokedAt: NOW.toISOString(), replacedBy: null, expiresAt: null });
  });

  it('the store rotates only an active key, in one transaction: otherwise it issues nothing and says so', async () => {
    const first = await stores.fresh();
    const second = stores.reopen(first);
    for (let race = 0; race < RACES; race++) {
      await first.createApiKey(newKey(`old-${race}`));
      const { won, lost } = settled(
        await Promise.allSettled([
          first.rotateApiKey(`old-${race}`, newKey(`a-${race}`), GRACE_END),
          second.rotateApiKey(`old-${race}`, newKey(`b-${race}`), GRACE_END),
        ]),
      );
      expect(lost).toEqual([]);
      const issued = won.filter((k) => k !== undefined);
      expect(issued, `race ${race}`).toHaveLength(1);
      expect(won.filter((k) => k === undefined)).toHaveLength(1);
      expect((await first.getApiKey(`old-${race}`))!.replacedBy).toBe(issued[0]!.id);
      const ids = (await first.listApiKeys()).map((k) => k.id).filter((id) => id.endsWith(`-${race}`));
      expect(ids.sort()).toEqual([issued[0]!.id, `old-${race}`].sort());
    }

    await first.createApiKey(newKey('revoked'));
    await first.revokeApiKey('revoked', NOW.toISOString());
    expect(await first.rotateApiKey('revoked', newKey('after-revoked'), GRACE_END)).toBeUndefined();
    expect(await first.rotateApiKey('missing', newKey('after-missing'), GRACE_END)).toBeUndefined();
    expect(await first.getApiKey('after-revoked')).toBeUndefined();
    expect(await first.getApiKey('after-missing')).toBeUndefined();
    expect(await first.getApiKey('revoked')).toMatchObject({ replacedBy: null, expiresAt: null });
    await expect(rotateApiKey(first, 'missing', 'ann', NOW)).rejects.toThrow(NotFoundError);
  });
});
