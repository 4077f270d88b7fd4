import { describe, expect, it } from 'vitest';
import type { NewApiKey } from '../../src/store/types.js';
import { getWebUser } from '../helpers/store-sql.js';
import { BACKENDS, useStoreBackend } from './backends.js';

const key = (id: string, createdAt: string, scope: NewApiKey['scope'] = 'read'): NewApiKey => ({
  id,
  name: `key ${id}`,
  keyHash: `hash-${id}`,
  scope,
  createdBy: 'admin',
  createdAt,
});

describe.each(BACKENDS)('%s store: web users, sessions and API keys', (backend) => {
  const stores = useStoreBackend(backend);

  it('keeps users with lower-case unique names, and their password hashes apart', async () => {
    const store = await stores.fresh();
    const zoe = await store.createWebUser({ username: 'Zoe', passwordHash: 'scrypt$zoe', role: 'auditor' });
    const adam = await store.createWebUser({ username: 'adam', passwordHash: 'scrypt$adam', role: 'admin' });
    expect(zoe).toEqual({ id: zoe.id, username: 'zoe', role: 'auditor', createdAt: zoe.createdAt, disabledAt: null, expiresAt: null });
    expect(await getWebUser(store, zoe.id)).toEqual(zoe);
    expect(await getWebUser(store, 'nope')).toBeUndefined();
    expect(await store.findWebUserCredentials('ZOE')).toEqual({ ...zoe, passwordHash: 'scrypt$zoe' });
    expect(await store.findWebUserCredentials('nobody')).toBeUndefined();
    expect(await store.listWebUsers()).toEqual([adam, zoe]);
    await expect(store.createWebUser({ username: 'ZOE', passwordHash: 'x', role: 'admin' })).rejects.toThrow();
    expect(await store.listWebUsers()).toHaveLength(2);
  });

  it('finds a session with its user until it expires, and deletes sessions one by one or when expired', async () => {
    const store = await stores.fresh();
    const user = await store.createWebUser({ username: 'ann', passwordHash: 'h', role: 'admin' });
    const session = { idHash: 'sess-1', userId: user.id, csrfToken: 'csrf', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T12:00:00.000Z' };
    await store.createWebSession(session);
    await store.createWebSession({ ...session, idHash: 'sess-2', expiresAt: '2026-01-03T00:00:00.000Z' });
    expect(await store.getWebSession('sess-1', '2026-01-01T11:59:59.999Z')).toEqual({ session, user });
    expect(await store.getWebSession('sess-1', '2026-01-01T12:00:00.000Z')).toBeUndefined();
    expect(await store.getWebSession('nope', '2026-01-01T00:00:00.000Z')).toBeUndefined();
    await store.deleteExpiredWebSessions('2026-01-02T00:00:00.000Z');
    expect(await store.getWebSession('sess-1', '2026-01-01T00:00:00.000Z')).toBeUndefined();
    expect(await store.getWebSession('sess-2', '2026-01-02T00:00:00.000Z')).toBeDefined();
    await store.deleteWebSession('sess-2');
    expect(await store.getWebSession('sess-2', '2026-01-02T00:00:00.000Z')).toBeUndefined();
  });

  it('issues, finds, lists, rotates, revokes and touches API keys', async () => {
    const store = await stores.fresh();
    const first = await store.createApiKey(key('k1', '2026-01-01T00:00:00.000Z', 'admin'));
    expect(first).toEqual({
      id: 'k1',
      name: 'key k1',
      scope: 'admin',
      createdBy: 'admin',
      createdByUserId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
      revokedAt: null,
      replacedBy: null,
      lastUsedAt: null,
    });
    await store.createApiKey(key('k0', '2026-01-01T00:00:00.000Z'));
    expect(await store.findApiKeyByHash('hash-k1', '2026-01-01T00:00:00.000Z')).toEqual(first);
    expect(await store.findApiKeyByHash('nope', '2026-01-01T00:00:00.000Z')).toBeUndefined();

    const replacement = await store.rotateApiKey('k1', key('k2', '2026-01-02T00:00:00.000Z', 'admin'), '2026-01-03T00:00:00.000Z');
    expect(replacement).toMatchObject({ id: 'k2', expiresAt: null, replacedBy: null });
    expect(await store.getApiKey('k1')).toMatchObject({ expiresAt: '2026-01-03T00:00:00.000Z', replacedBy: 'k2' });
    expect((await store.listApiKeys()).map((k) => k.id)).toEqual(['k2', 'k0', 'k1']);

    // A rotation that cannot issue its replacement (a duplicate key hash) leaves the old key untouched.
    await expect(store.rotateApiKey('k0', { ...key('k3', '2026-01-04T00:00:00.000Z'), keyHash: 'hash-k1' }, '2026-01-05T00:00:00.000Z')).rejects.toThrow();
    expect(await store.getApiKey('k0')).toMatchObject({ expiresAt: null, replacedBy: null });

    await store.revokeApiKey('k2', '2026-01-06T00:00:00.000Z');
    await store.revokeApiKey('k2', '2026-01-07T00:00:00.000Z');
    expect((await store.getApiKey('k2'))!.revokedAt).toBe('2026-01-06T00:00:00.000Z');
    await store.touchApiKey('k0', '2026-01-08T00:00:00.000Z');
    expect((await store.getApiKey('k0'))!.lastUsedAt).toBe('2026-01-08T00:00:00.000Z');
    expect(await store.getApiKey('nope')).toBeUndefined();
  });
});
