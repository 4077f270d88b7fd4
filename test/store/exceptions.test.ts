import { describe, expect, it } from 'vitest';
import type { EvidenceStore, NewDeviceException } from '../../src/store/types.js';
import { BACKENDS, useStoreBackend } from './backends.js';

const exception = (id: string, connectionId: string, fields: Partial<NewDeviceException> = {}): NewDeviceException => ({
  id,
  connectionId,
  deviceId: 'dev-1',
  check: null,
  justification: `justified ${id}: “lab machine”, <b>not</b> a typo`,
  approver: 'alice',
  createdAt: '2026-03-01T00:00:00.000Z',
  expiresOn: '2026-03-31',
  ...fields,
});

async function connectionOf(store: EvidenceStore, name: string): Promise<string> {
  return (await store.saveConnection({ name, baseUrl: 'http://127.0.0.1:9/api/v1', token: `token-${name}` })).id;
}

describe.each(BACKENDS)('%s store: device exceptions', (backend) => {
  const stores = useStoreBackend(backend);

  it('keeps every field as given, lists newest first (per connection when asked) and reads them back from another process', async () => {
    const store = await stores.fresh();
    const acme = await connectionOf(store, 'acme');
    const globex = await connectionOf(store, 'globex');
    const created = await store.createException(exception('exc-1', acme));
    expect(created).toEqual({ ...exception('exc-1', acme), revokedAt: null, revokedBy: null });
    await store.createException(exception('exc-2', acme, { check: 'os-currency', deviceId: 'dev-2', createdAt: '2026-03-02T00:00:00.000Z' }));
    await store.createException(exception('exc-3', globex, { createdAt: '2026-03-03T00:00:00.000Z' }));

    const other = stores.reopen(store);
    expect((await other.listExceptions()).map((e) => e.id)).toEqual(['exc-3', 'exc-2', 'exc-1']);
    expect((await other.listExceptions({ connectionId: acme })).map((e) => e.id)).toEqual(['exc-2', 'exc-1']);
    expect(await other.getException('exc-2')).toMatchObject({ check: 'os-currency', deviceId: 'dev-2' });
    expect(await other.getException('exc-missing')).toBeUndefined();
  });

  it('revokes once, recording when and by whom; a second revocation or an unknown id changes nothing', async () => {
    const store = await stores.fresh();
    const acme = await connectionOf(store, 'acme');
    await store.createException(exception('exc-1', acme));
    expect(await store.revokeException('exc-1', '2026-03-05T10:00:00.000Z', 'bob')).toBe(true);
    expect(await store.revokeException('exc-1', '2026-03-06T10:00:00.000Z', 'carol')).toBe(false);
    expect(await store.revokeException('exc-missing', '2026-03-06T10:00:00.000Z', 'carol')).toBe(false);
    expect(await store.getException('exc-1')).toMatchObject({ revokedAt: '2026-03-05T10:00:00.000Z', revokedBy: 'bob' });
  });

  it('refuses an exception for a connection that does not exist', async () => {
    const store = await stores.fresh();
    await expect(store.createException(exception('exc-1', 'no-such-connection'))).rejects.toThrow();
    expect(await store.listExceptions()).toEqual([]);
  });
});
