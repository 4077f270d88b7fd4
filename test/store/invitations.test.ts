import { describe, expect, it } from 'vitest';
import type { EvidenceStore, NewInvitation } from '../../src/store/types.js';
import { BACKENDS, useStoreBackend } from './backends.js';

const CREATED = '2026-01-01T00:00:00.000Z';
const LINK_ENDS = '2026-01-08T00:00:00.000Z';
const ACCESS_ENDS = '2026-03-31T23:59:59.999Z';
const BEFORE_LINK_ENDS = '2026-01-07T23:59:59.999Z';
const AFTER_ACCESS_ENDS = '2026-04-01T00:00:00.000Z';

const invitation = (id: string, createdByUserId: string | null = null): NewInvitation => ({
  id,
  tokenHash: `token-hash-${id}`,
  role: 'auditor',
  accessExpiresAt: ACCESS_ENDS,
  expiresAt: LINK_ENDS,
  note: `for ${id}`,
  createdBy: 'ann',
  createdByUserId,
  createdAt: CREATED,
});

const auditor = (username: string) => ({ username, passwordHash: `h-${username}` });

async function sessionOf(store: EvidenceStore, userId: string, idHash: string): Promise<void> {
  await store.createWebSession({ idHash, userId, csrfToken: 'csrf', createdAt: CREATED, expiresAt: '2027-01-01T00:00:00.000Z' });
}

describe.each(BACKENDS)('%s store: access expiry and invitations', (backend) => {
  const stores = useStoreBackend(backend);

  it('a user past their access expiry keeps their row but has no session and none of their API keys; removing the expiry restores them', async () => {
    const store = await stores.fresh();
    const ann = await store.createWebUser({ username: 'ann', passwordHash: 'h-ann', role: 'admin' });
    const vic = await store.createWebUser({ username: 'vic', passwordHash: 'h-vic', role: 'auditor', expiresAt: ACCESS_ENDS });
    expect(vic.expiresAt).toBe(ACCESS_ENDS);
    expect(ann.expiresAt).toBeNull();
    await sessionOf(store, vic.id, 'vic-1');
    await store.createApiKey({ id: 'k-vic', name: 'vic', keyHash: 'hash-k-vic', scope: 'read', createdBy: 'vic', createdByUserId: vic.id, createdAt: CREATED });

    expect(await store.getWebSession('vic-1', '2026-03-31T23:59:59.998Z')).toMatchObject({ user: { id: vic.id, expiresAt: ACCESS_ENDS } });
    expect(await store.findApiKeyByHash('hash-k-vic', '2026-03-31T23:59:59.998Z')).toMatchObject({ id: 'k-vic' });
    for (const at of [ACCESS_ENDS, AFTER_ACCESS_ENDS]) {
      expect(await store.getWebSession('vic-1', at)).toBeUndefined();
      expect(await store.findApiKeyByHash('hash-k-vic', at)).toBeUndefined();
    }
    // Sign-in still finds them, so that it can tell them their access expired once their password is right.
    expect(await store.findWebUserCredentials('vic')).toMatchObject({ id: vic.id, expiresAt: ACCESS_ENDS, passwordHash: 'h-vic' });

    expect(await store.setWebUserAccessExpiry(vic.id, null)).toBe('done');
    expect(await store.getWebSession('vic-1', AFTER_ACCESS_ENDS)).toMatchObject({ user: { id: vic.id, expiresAt: null } });
    expect(await store.findApiKeyByHash('hash-k-vic', AFTER_ACCESS_ENDS)).toMatchObject({ id: 'k-vic' });
    expect(await store.setWebUserAccessExpiry(vic.id, '2026-02-01T00:00:00.000Z')).toBe('done');
    expect(await store.findWebUser('vic')).toMatchObject({ expiresAt: '2026-02-01T00:00:00.000Z' });
    expect(await store.setWebUserAccessExpiry('nope', null)).toBe('not-found');
  });

  it('accepting a pending invitation marks it used and makes the account with its role and access expiry; once only', async () => {
    const store = await stores.fresh();
    const created = await store.createInvitation(invitation('inv-1'));
    expect(created).toEqual({ ...invitation('inv-1'), tokenHash: undefined, usedAt: null, usedByUserId: null, revokedAt: null });
    expect(Object.keys(created)).not.toContain('tokenHash');
    expect(await store.findInvitationByTokenHash('token-hash-inv-1')).toEqual(created);
    expect(await store.listPendingInvitations(BEFORE_LINK_ENDS)).toEqual([created]);

    const accepted = await store.acceptInvitation('token-hash-inv-1', auditor('Vera'), BEFORE_LINK_ENDS);
    if (typeof accepted === 'string') throw new Error(accepted);
    expect(accepted.user).toEqual({
      id: accepted.user.id,
      username: 'vera',
      role: 'auditor',
      createdAt: BEFORE_LINK_ENDS,
      disabledAt: null,
      expiresAt: ACCESS_ENDS,
    });
    expect(accepted.invitation).toEqual({ ...created, usedAt: BEFORE_LINK_ENDS, usedByUserId: accepted.user.id });
    expect(await store.getInvitation('inv-1')).toEqual(accepted.invitation);
    expect(await store.findWebUserCredentials('vera')).toMatchObject({ passwordHash: 'h-Vera', expiresAt: ACCESS_ENDS });
    expect(await store.listPendingInvitations(BEFORE_LINK_ENDS)).toEqual([]);

    expect(await store.acceptInvitation('token-hash-inv-1', auditor('walt'), BEFORE_LINK_ENDS)).toBe('unavailable');
    expect(await store.findWebUser('walt')).toBeUndefined();
    expect(await store.revokeInvitation('inv-1', BEFORE_LINK_ENDS)).toBe(false);
    expect(await store.acceptInvitation('no-such-hash', auditor('walt'), BEFORE_LINK_ENDS)).toBe('unavailable');
  });

  it('an expired, revoked or taken-name accept changes nothing; an invitation stops with its creator', async () => {
    const store = await stores.fresh();
    const ann = await store.createWebUser({ username: 'ann', passwordHash: 'h', role: 'admin' });
    const bob = await store.createWebUser({ username: 'bob', passwordHash: 'h', role: 'admin' });
    await store.createInvitation(invitation('expiring'));
    await store.createInvitation(invitation('revoked'));
    await store.createInvitation(invitation('taken'));
    await store.createInvitation(invitation('by-bob', bob.id));
    await store.createInvitation(invitation('by-ann', ann.id));

    expect(await store.acceptInvitation('token-hash-expiring', auditor('x1'), LINK_ENDS)).toBe('unavailable');
    expect(await store.listPendingInvitations(LINK_ENDS)).toEqual([]);

    expect(await store.revokeInvitation('revoked', CREATED)).toBe(true);
    expect(await store.revokeInvitation('revoked', CREATED)).toBe(false);
    expect(await store.getInvitation('revoked')).toMatchObject({ revokedAt: CREATED, usedAt: null });
    expect(await store.acceptInvitation('token-hash-revoked', auditor('x2'), CREATED)).toBe('unavailable');

    expect(await store.acceptInvitation('token-hash-taken', auditor('ANN'), CREATED)).toBe('username-taken');
    expect(await store.getInvitation('taken')).toMatchObject({ usedAt: null, usedByUserId: null });

    expect(await store.disableWebUser(bob.id, CREATED)).toBe('done');
    expect((await store.listPendingInvitations(CREATED)).map((i) => i.id).sort()).toEqual(['by-ann', 'expiring', 'taken']);
    expect(await store.acceptInvitation('token-hash-by-bob', auditor('x3'), CREATED)).toBe('unavailable');
    expect(await store.getInvitation('by-bob')).toMatchObject({ usedAt: null });

    expect((await store.listWebUsers()).map((u) => u.username)).toEqual(['ann', 'bob']);
    // The taken-name invitation is still good for another name.
    expect(await store.acceptInvitation('token-hash-taken', auditor('x4'), CREATED)).toMatchObject({ user: { username: 'x4' } });
  });

  it('two accepts of one invitation at once, from two stores: exactly one account', async () => {
    for (let race = 0; race < 10; race++) {
      const first = await stores.fresh();
      const second = stores.reopen(first);
      await first.createInvitation(invitation('inv'));
      const results = await Promise.all([
        first.acceptInvitation('token-hash-inv', auditor('one'), CREATED),
        second.acceptInvitation('token-hash-inv', auditor('two'), CREATED),
      ]);
      expect(results.filter((r) => r === 'unavailable')).toHaveLength(1);
      const users = await first.listWebUsers();
      expect(users).toHaveLength(1);
      expect(await first.getInvitation('inv')).toMatchObject({ usedByUserId: users[0]!.id });
    }
  });
});
