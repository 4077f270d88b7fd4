import { describe, expect, it } from 'vitest';
import { get, simulator } from './helpers.js';

describe('a 100,000-device tenant', () => {
  it('serves deep pages of devices, Prism and ADE without walking the fleet', async () => {
    const sim = await simulator({ fleet: { seed: 99, devices: 100_000 } });
    const ids = Array.from({ length: 100_000 }, (_, i) => sim.fleet.deviceId(i));
    const last = await get<{ device_id: string }[]>(sim, '/api/v1/devices?limit=300&offset=99900&ordering=device_id');
    expect(last.status).toBe(200);
    expect(last.json).toHaveLength(100);
    expect(last.json[99]!.device_id).toBe(ids.reduce((max, id) => (id > max ? id : max)));
    expect(last.headers.get('x-total-count')).toBe('100000');
    const oldest = ids.reduce((best, _, i) => (sim.fleet.lastEnrollmentMicros(i) < sim.fleet.lastEnrollmentMicros(best) ? i : best), 0);
    const lastByDefault = await get<{ device_id: string }[]>(sim, '/api/v1/devices?limit=300&offset=99900');
    expect(lastByDefault.json[99]!.device_id).toBe(ids[oldest]);
    const appsTotal = sim.fleet.prismRowCount('apps');
    const deepApps = await get<{ data: unknown[]; total: number }>(sim, `/api/v1/prism/apps?limit=300&offset=${appsTotal - 150}`);
    expect(deepApps.json.data).toHaveLength(150);
    expect(deepApps.json.total).toBe(appsTotal);
    const details = await get(sim, `/api/v1/devices/${sim.fleet.device(87_654).id}/details`);
    expect(details.status).toBe(200);
    const ade = await get<{ results: unknown[] }>(sim, `/api/v1/integrations/apple/ade/devices?page=${Math.ceil(sim.fleet.adeDeviceCount / 300)}`);
    expect(ade.status).toBe(200);
    const users = await get<{ results: unknown[] }>(sim, '/api/v1/users?sizePerPage=300');
    expect(users.json.results).toHaveLength(300);
  });
});
