import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/simulator/index.js';
import { get, simulator, TOKEN } from './helpers.js';

const LIMITED = '7a1e4a9c-93a4-4d61-bd0f-5f5a1f3c2e01';
const LIMITED_401 = 'c2f0d3b8-1b7e-4c6a-9e1f-0d5b7a3c9e02';
const REVOKED = 'e9d1c0b7-6a5f-4e3d-8c2b-1a0f9e8d7c03';

async function authSimulator() {
  return simulator({
    fleet: { seed: 50, devices: 20 },
    tokens: {
      [TOKEN]: { permissions: 'all' },
      [LIMITED]: { permissions: ['/api/v1/devices', '/api/v1/devices/{device_id}/library-items'] },
      [LIMITED_401]: { permissions: ['/api/v1/devices'], missingPermissionStatus: 401 },
      [REVOKED]: { permissions: 'all', revoked: true },
    },
  });
}

describe('authentication and permissions', () => {
  it('answers 401 for a missing, unknown or revoked token', async () => {
    const sim = await authSimulator();
    const missing = await get(sim, '/api/v1/devices', null);
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ detail: 'Authentication credentials were not provided.' });
    for (const token of ['3f0e1d2c-0000-4000-8000-000000000000', REVOKED]) {
      const response = await get(sim, '/api/v1/devices', token);
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ detail: 'Invalid token.' });
    }
  });

  it('checks the route’s path template against the token’s permissions: 403 by default, 401 when configured', async () => {
    const sim = await authSimulator();
    const deviceId = sim.fleet.device(0).id;
    expect((await get(sim, '/api/v1/devices', LIMITED)).status).toBe(200);
    expect((await get(sim, `/api/v1/devices/${deviceId}/library-items`, LIMITED)).status).toBe(200);
    const denied = await get(sim, `/api/v1/devices/${deviceId}/details`, LIMITED);
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect((await get(sim, '/api/v1/prism/filevault', LIMITED)).status).toBe(403);
    const denied401 = await get(sim, '/api/v1/prism/filevault', LIMITED_401);
    expect(denied401.status).toBe(401);
    expect(denied401.json).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect((await get(sim, '/api/v1/devices', LIMITED_401)).status).toBe(200);
  });

  it('swaps tokens at runtime', async () => {
    const sim = await authSimulator();
    sim.setTokens({ [LIMITED]: { permissions: 'all' } });
    expect((await get(sim, '/api/v1/tags', TOKEN)).status).toBe(401);
    expect((await get(sim, '/api/v1/tags', LIMITED)).status).toBe(200);
  });

  it('logs a token fingerprint, never the token, including for rejected requests', async () => {
    const sim = await authSimulator();
    await get(sim, '/api/v1/devices', TOKEN);
    await get(sim, '/api/v1/devices', null);
    const [ok, anonymous] = sim.requestLog;
    expect(ok!.tokenId).toBe(createHash('sha256').update(TOKEN).digest('hex').slice(0, 8));
    expect(anonymous).toMatchObject({ status: 401, tokenId: null });
    expect(JSON.stringify(sim.requestLog)).not.toContain(TOKEN);
  });

  it('serves the secrets endpoints (so tests can prove the collector never calls them) and logs each call', async () => {
    const sim = await authSimulator();
    const mac = [...sim.fleet.devices()].find((d) => d.platform === 'Mac')!;
    for (const kind of ['filevaultkey', 'bypasscode', 'unlockpin', 'recoverypassword']) {
      expect((await get(sim, `/api/v1/devices/${mac.id}/secrets/${kind}`)).status).toBe(200);
      expect((await get(sim, `/api/v1/devices/${mac.id}/secrets/${kind}`, LIMITED)).status).toBe(403);
    }
    expect(sim.requestLog.filter((entry) => entry.path.includes('/secrets/'))).toHaveLength(8);
  });

  it('uses each route’s path template as its permission key', () => {
    for (const route of ROUTES) expect(route.permission).toBe(route.path);
    expect(new Set(ROUTES.map((r) => r.path)).size).toBe(ROUTES.length);
  });
});
