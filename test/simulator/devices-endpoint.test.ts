import { describe, expect, it } from 'vitest';
import type { RunningSimulator, SimDevice } from '../../src/simulator/index.js';
import { get, simulator } from './helpers.js';

type Row = Record<string, unknown>;

async function allPages(sim: RunningSimulator, limit?: number): Promise<{ rows: Row[]; requests: number }> {
  const rows: Row[] = [];
  for (let offset = 0, requests = 1; ; offset += limit ?? 300, requests++) {
    const query = limit === undefined ? `offset=${offset}` : `limit=${limit}&offset=${offset}`;
    const page = await get<Row[]>(sim, `/api/v1/devices?${query}`);
    expect(page.status).toBe(200);
    if (page.json.length === 0) return { rows, requests };
    rows.push(...page.json);
  }
}

/** Checks a row against the ground truth without using the simulator's own shaping code. */
function expectRowMatches(row: Row, device: SimDevice, userEmail: string | null): void {
  expect(row.device_id).toBe(device.id);
  expect(row.serial_number).toBe(device.serialNumber);
  expect(row.platform).toBe(device.platform);
  expect(row.last_check_in).toBe(device.listedCheckIn ?? '');
  expect(row.mdm_enabled).toBe(device.mdmEnabled);
  // iPhone and iPad rows say true (with agent_version ""), as the real API does.
  expect(row.agent_installed).toBe(device.agentInstalled || device.platform === 'iPhone' || device.platform === 'iPad');
  expect(row.agent_version).toBe(device.agentVersion);
  expect(row.is_removed).toBe(device.isRemoved);
  expect(row.is_missing).toBe(device.isMissing);
  expect(row.blueprint_id).toBe(device.blueprintId);
  expect(row.tags).toEqual(device.tags);
  if (userEmail === null) expect(row.user).toBe('');
  else expect(row.user).toMatchObject({ email: userEmail, id: device.userId });
  expect(row.first_enrollment).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  expect(Date.parse(String(row.first_enrollment).replace(' ', 'T'))).toBe(Date.parse(device.firstEnrollment));
  if (row.last_check_in !== '') expect(row.last_check_in).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
}

/** The default order: newest enrolment first (ISO `...Z` instants of one width sort as text). */
function newestEnrolledFirst(devices: SimDevice[]): SimDevice[] {
  return [...devices].sort((a, b) => (a.lastEnrollment > b.lastEnrollment ? -1 : a.lastEnrollment < b.lastEnrollment ? 1 : a.id < b.id ? -1 : 1));
}

describe('GET /api/v1/devices', () => {
  it.each([0, 1, 299, 300, 301, 601])('pages %i devices with limit/offset into exactly the generated fleet, newest enrolment first', async (count) => {
    const sim = await simulator({ fleet: { seed: 100 + count, devices: count } });
    const { rows, requests } = await allPages(sim);
    expect(requests).toBe(Math.ceil(count / 300) + 1);
    const devices = newestEnrolledFirst([...sim.fleet.devices()]);
    expect(rows.map((r) => r.device_id)).toEqual(devices.map((d) => d.id));
    devices.forEach((device, i) => {
      expectRowMatches(rows[i]!, device, device.userIndex === null ? null : sim.fleet.user(device.userIndex).email);
    });

    const first = await get<Row[]>(sim, '/api/v1/devices?limit=100');
    expect(first.headers.get('x-total-count')).toBe(String(count));
    expect(first.headers.get('x-total-pages')).toBe(String(Math.ceil(count / 100)));
    expect(first.headers.get('link')).toBe('<None>; rel="next", <None>; rel="prev"');
    expect(first.json).toHaveLength(Math.min(100, count));
  });

  it('caps limit at 300, defaults to 300, and returns [] past the end', async () => {
    const sim = await simulator({ fleet: { seed: 1, devices: 601 } });
    expect((await get<Row[]>(sim, '/api/v1/devices?limit=1000')).json).toHaveLength(300);
    expect((await get<Row[]>(sim, '/api/v1/devices')).json).toHaveLength(300);
    expect((await get<Row[]>(sim, '/api/v1/devices?limit=abc')).json).toHaveLength(300);
    expect((await get<Row[]>(sim, '/api/v1/devices?offset=600')).json).toHaveLength(1);
    const past = await get<Row[]>(sim, '/api/v1/devices?offset=601');
    expect(past.text).toBe('[]');
    expect(past.headers.get('x-total-count')).toBe('601');
    const small = await allPages(sim, 250);
    expect(small.rows).toHaveLength(601);
  });

  it('serves byte-identical responses for the same seed and size', async () => {
    const a = await simulator({ fleet: { seed: 77, devices: 50 } });
    const b = await simulator({ fleet: { seed: 77, devices: 50 } });
    const paths = [
      '/api/v1/devices?limit=20&offset=10',
      '/api/v1/prism/apps?limit=50',
      `/api/v1/devices/${a.fleet.device(3).id}/details`,
      '/api/v1/users?sizePerPage=5',
    ];
    for (const path of paths) expect((await get(a, path)).text).toBe((await get(b, path)).text);
  });
});
