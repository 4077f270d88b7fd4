import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exceptionViews, grantException, revokeException, type ExceptionRequest } from '../../src/read-model/exceptions.js';
import { BadInputError, ConflictError, NotFoundError } from '../../src/read-model/errors.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempStore } from '../helpers/store.js';

const NOW = new Date('2026-03-05T15:00:00.000Z');
const request = (fields: Partial<ExceptionRequest> = {}): ExceptionRequest => ({
  connection: 'acme',
  deviceId: 'dev-1',
  check: 'all',
  justification: 'Lab machine, rebuilt monthly',
  expiresOn: '2026-03-31',
  approver: 'alice',
  ...fields,
});

describe('granting and revoking exceptions', () => {
  let store: SqliteStore;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, cleanup } = tempStore());
    await store.saveConnection({ name: 'acme', baseUrl: 'http://127.0.0.1:9/api/v1', token: 'token-acme' });
  });
  afterEach(async () => cleanup());

  it('records the approver, the time and the last day; "all" or nothing means every check', async () => {
    const granted = await grantException(store, request({ justification: '  Lab machine, rebuilt monthly \n' }), NOW);
    expect(granted).toMatchObject({
      deviceId: 'dev-1',
      check: null,
      justification: 'Lab machine, rebuilt monthly',
      approver: 'alice',
      createdAt: NOW.toISOString(),
      expiresOn: '2026-03-31',
    });
    expect(granted.id).toMatch(/^exc_[0-9a-f-]{36}$/);
    expect((await grantException(store, request({ check: undefined }), NOW)).check).toBeNull();
    expect((await grantException(store, request({ check: 'disk-encryption' }), NOW)).check).toBe('disk-encryption');
  });

  it.each([
    [{ justification: '   ' }, /justification is required/],
    [{ justification: 'x'.repeat(1_001) }, /at most 1000 characters/],
    [{ deviceId: '' }, /device id is required/],
    [{ deviceId: 'dev\u0000' }, /printable/],
    [{ check: 'device-inventory' }, /not a check an exception can name: use all, or one of device-trust/],
    [{ expiresOn: '2026-02-30' }, /written YYYY-MM-DD, not "2026-02-30"/],
    [{ expiresOn: '31/03/2026' }, /written YYYY-MM-DD/],
    [{ expiresOn: '2026-03-04' }, /in the past: today is 2026-03-05/],
    [{ expiresOn: '2027-03-06' }, /more than 365 days ahead: the latest is 2027-03-05/],
  ])('refuses %o, writing nothing', async (fields, message) => {
    await expect(grantException(store, request(fields), NOW)).rejects.toThrow(BadInputError);
    await expect(grantException(store, request(fields), NOW)).rejects.toThrow(message);
    expect(await store.listExceptions()).toEqual([]);
  });

  it('accepts today (the whole day, UTC) and the day a year ahead; an unknown connection is not found', async () => {
    expect((await grantException(store, request({ expiresOn: '2026-03-05' }), NOW)).expiresOn).toBe('2026-03-05');
    expect((await grantException(store, request({ expiresOn: '2027-03-05' }), NOW)).expiresOn).toBe('2027-03-05');
    await expect(grantException(store, request({ connection: 'globex' }), NOW)).rejects.toThrow(NotFoundError);
  });

  it('shows in force, then expired after the last day; a revoked one cannot be revoked again, nor an expired one', async () => {
    const granted = await grantException(store, request({ expiresOn: '2026-03-06' }), NOW);
    expect((await exceptionViews(store, NOW))[0]).toMatchObject({
      state: 'in_force',
      connectionName: 'acme',
      deviceName: null,
      endsAt: '2026-03-07T00:00:00.000Z',
    });
    expect((await exceptionViews(store, new Date('2026-03-07T00:00:00.000Z')))[0]).toMatchObject({ state: 'expired' });
    await expect(revokeException(store, granted.id, 'bob', new Date('2026-03-08T00:00:00.000Z'))).rejects.toThrow(/already expired/);

    const other = await grantException(store, request(), NOW);
    expect(await revokeException(store, other.id, 'bob', NOW)).toMatchObject({ revokedAt: NOW.toISOString(), revokedBy: 'bob' });
    await expect(revokeException(store, other.id, 'carol', NOW)).rejects.toThrow(ConflictError);
    await expect(revokeException(store, 'exc_missing', 'carol', NOW)).rejects.toThrow(NotFoundError);
  });
});
