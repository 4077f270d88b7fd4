import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from './fixture-server.js';
import { fixtureTenant, readAll, TOKEN } from './harness.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const tenant = fixtureTenant();
beforeAll(() => void tenant.server.serve([loadFixture('errors')]));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e as Error & { code: string; status: number },
  );

describe('error bodies as Kandji publishes them', () => {
  it.each([
    ['an unknown device', 'device-library-items', `/api/v1/devices/${UNKNOWN}/library-items`],
    ['an unknown library item', 'library-item-status', `/api/v1/library/library-items/${UNKNOWN}/status`],
  ])('404 with Django\'s HTML "Not Found" page for %s: a not-found error that quotes no HTML', async (_, source, path) => {
    const error = await failure(readAll(tenant.http, source, { path }));
    expect(error).toMatchObject({ code: 'IRU_NOT_FOUND', status: 404 });
    expect(error.message).not.toMatch(/<|doctype|html/i);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('400 with a field dict: the field message reaches the error, once', async () => {
    const error = await failure(readAll(tenant.http, 'ade-devices', { query: { dep_account: 'not-a-uuid' } }));
    expect(error).toMatchObject({ code: 'IRU_HTTP_ERROR', status: 400 });
    expect(error.message).toContain('Enter a valid UUID.');
    expect(error.message).not.toContain(TOKEN);
  });

  it('400 with a list of strings: the string reaches the error', async () => {
    const error = await failure(readAll(tenant.http, 'blueprints'));
    expect(error).toMatchObject({ code: 'IRU_HTTP_ERROR', status: 400 });
    expect(error.message).toContain('Device is not in lost mode.');
  });
});
