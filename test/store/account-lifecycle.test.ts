import { describe, expect, it } from 'vitest';
import type { EvidenceStore, NewApiKey, WebUser } from '../../src/store/types.js';
import { getWebUser } from '../helpers/store-sql.js';
import { BACKENDS, useStoreBackend } from './backends.js';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T06:00:00.000Z';

const key = (id: string, createdByUserId: string | null): NewApiKey => ({
  id,
  name: `key ${id}`,
  keyHash: `hash-${id}`,
  scope: 'admin',
  createdBy: 'someone',
  createdByUserId,
  createdAt: AT,
});

async function sessionOf(store: EvidenceStore, user: WebUser, idHash: string): Promise<void> {
  await store.createWebSession({ idHash, userId: user.id, csrfToken: 'csrf', createdAt: AT, expiresAt: '2026-01-02T00:00:00.000Z' });
}

describe.each(BACKENDS)('%s store: disabling, deleting and re-keying web users', (backend) => {
  const stores = useStoreBackend(backend);

  it('a disabled user cannot sign in, their sessions and keys stop at once, and enabling lets them sign in again', async () => {
    const store = await stores.fresh();
    const ann = await store.createWebUser({ username: 'ann', passwordHash: 'h-ann', role: 'admin' });
    const bob = await store.createWebUser({ username: 'bob', passwordHash: 'h-bob', role: 'admin' });
    await sessionOf(store, bob, 'bob-1');
    await store.createApiKey(key('k-bob', bob.id));
    await store.createApiKey(key('k-legacy', null));

    expect(await store.disableWebUser(bob.id, LATER)).toBe('done');
    expect(await getWebUser(store, bob.id)).toEqual({ ...bob, disabledAt: LATER });
    expect(await store.findWebUserCredentials('bob')).toBeUndefined();
    expect(await store.findWebUser('BOB')).toEqual({ ...bob, disabledAt: LATER });
    expect(await store.getWebSession('bob-1', AT)).toBeUndefined();
    expect(await store.findApiKeyByHash('hash-k-bob', AT)).toBeUndefined();
    expect(await store.findApiKeyByHash('hash-k-legacy', AT)).toMatchObject({ id: 'k-legacy', createdByUserId: null });
    expect(await store.getApiKey('k-bob')).toMatchObject({ createdByUserId: bob.id });

    expect(await store.enableWebUser(bob.id)).toBe('done');
    expect(await store.findWebUserCredentials('bob')).toMatchObject({ id: bob.id, disabledAt: null, passwordHash: 'h-bob' });
    expect(await store.findApiKeyByHash('hash-k-bob', AT)).toMatchObject({ id: 'k-bob' });
    // Its sessions were deleted, not merely hidden: enabling does not bring them back.
    expect(await store.getWebSession('bob-1', AT)).toBeUndefined();
    expect(ann.disabledAt).toBeNull();
  });

  it('never disables or deletes the last enabled admin, and says which users do not exist', async () => {
    const store = await stores.fresh();
    const ann = await store.createWebUser({ username: 'ann', passwordHash: 'h', role: 'admin' });
    const bob = await store.createWebUser({ username: 'bob', passwordHash: 'h', role: 'admin' });
    const aud = await store.createWebUser({ username: 'aud', passwordHash: 'h', role: 'auditor' });
    expect(await store.disableWebUser(ann.id, AT)).toBe('done');
    expect(await store.disableWebUser(bob.id, AT)).toBe('last-admin');
    expect(await store.deleteWebUser(bob.id)).toBe('last-admin');
    expect((await getWebUser(store, bob.id))!.disabledAt).toBeNull();
    // A disabled admin, or an auditor, can go.
    expect(await store.deleteWebUser(ann.id)).toBe('done');
    expect(await store.disableWebUser(aud.id, AT)).toBe('done');
    expect(await store.deleteWebUser(aud.id)).toBe('done');
    expect(await store.listWebUsers()).toEqual([bob]);
    for (const change of [store.disableWebUser('nope', AT), store.enableWebUser('nope'), store.deleteWebUser('nope'), store.setWebUserPassword('nope', 'x')]) {
      expect(await change).toBe('not-found');
    }
  });

  it('two admins disabled at once from two stores: one of them stays enabled', async () => {
    for (let race = 0; race < 10; race++) {
      const first = await stores.fresh();
      const second = stores.reopen(first);
      const ann = await first.createWebUser({ username: 'ann', passwordHash: 'h', role: 'admin' });
      const bob = await first.createWebUser({ username: 'bob', passwordHash: 'h', role: 'admin' });
      const results = await Promise.all([first.disableWebUser(ann.id, AT), second.disableWebUser(bob.id, AT)]);
      expect(results.sort()).toEqual(['done', 'last-admin']);
      expect((await first.listWebUsers()).filter((u) => !u.disabledAt)).toHaveLength(1);
    }
  });

  it('deleting a user deletes their sessions and stops their keys; a new password replaces the old; sessions end per user', async () => {
    const store = await stores.fresh();
    await store.createWebUser({ username: 'ann', passwordHash: 'h', role: 'admin' });
    const bob = await store.createWebUser({ username: 'bob', passwordHash: 'old', role: 'auditor' });
    const cy = await store.createWebUser({ username: 'cy', passwordHash: 'h', role: 'auditor' });
    await sessionOf(store, bob, 'bob-1');
    await sessionOf(store, bob, 'bob-2');
    await sessionOf(store, cy, 'cy-1');

    expect(await store.setWebUserPassword(bob.id, 'new')).toBe('done');
    expect(await store.findWebUserCredentials('bob')).toMatchObject({ passwordHash: 'new' });

    expect(await store.deleteWebSessionsOf(bob.id)).toBe(2);
    expect(await store.getWebSession('bob-1', AT)).toBeUndefined();
    expect(await store.getWebSession('bob-2', AT)).toBeUndefined();
    expect(await store.getWebSession('cy-1', AT)).toMatchObject({ user: { id: cy.id } });
    expect(await store.deleteWebSessionsOf(bob.id)).toBe(0);

    await store.createApiKey(key('k-cy', cy.id));
    expect(await store.deleteWebUser(cy.id)).toBe('done');
    expect(await store.getWebSession('cy-1', AT)).toBeUndefined();
    expect(await store.findWebUser('cy')).toBeUndefined();
    expect(await store.findApiKeyByHash('hash-k-cy', AT)).toBeUndefined();
    // A new user of the same name is someone else: the old user's key stays dead.
    await store.createWebUser({ username: 'cy', passwordHash: 'h', role: 'admin' });
    expect(await store.findApiKeyByHash('hash-k-cy', AT)).toBeUndefined();
  });
});

describe.each(BACKENDS)('%s store: API keys made before accounts could be revoked', (backend) => {
  const stores = useStoreBackend(backend);

  it('are tied on upgrade to the account named as their maker, so that disabling that user stops them', async () => {
    // The schema of the release before the upgrade: accounts with disabling, keys naming their maker by user name only.
    const store = await stores.atSchema({ sqlite: 6, postgres: 5 }, async (sql) => {
      for (const [id, username] of [
        ['u-cora', 'cora'],
        ['u-dan', 'dan'],
        ['u-eve', 'eve'],
      ]) {
        await sql('INSERT INTO web_users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)', [id, username, `h-${username}`, 'admin', AT]);
      }
      for (const [id, createdBy] of [
        ['k-cora', 'cora'],
        ['k-dan', 'dan'],
        ['k-gone', 'someone deleted long ago'],
      ]) {
        await sql('INSERT INTO api_keys (id, name, key_hash, scope, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
          id,
          `key ${id}`,
          `hash-${id}`,
          'admin',
          createdBy,
          AT,
        ]);
      }
    });
    expect(await store.getApiKey('k-cora')).toMatchObject({ createdByUserId: 'u-cora' });
    expect(await store.getApiKey('k-gone')).toMatchObject({ createdByUserId: null });

    expect(await store.disableWebUser('u-cora', LATER)).toBe('done');
    expect(await store.findApiKeyByHash('hash-k-cora', LATER)).toBeUndefined();
    expect(await store.findApiKeyByHash('hash-k-dan', LATER)).toMatchObject({ id: 'k-dan', createdByUserId: 'u-dan' });
    expect(await store.deleteWebUser('u-dan')).toBe('done');
    expect(await store.findApiKeyByHash('hash-k-dan', LATER)).toBeUndefined();
    // A maker with no account left stays unknown: an admin revokes such a key on the API keys page.
    expect(await store.findApiKeyByHash('hash-k-gone', LATER)).toMatchObject({ id: 'k-gone' });
  });
});
