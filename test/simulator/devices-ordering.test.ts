import { describe, expect, it } from 'vitest';
import type { RunningSimulator, SimDevice } from '../../src/simulator/index.js';
import { get, simulator } from './helpers.js';

type Row = { device_id: string };

async function readAll(sim: RunningSimulator, ordering: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 120) {
    const page = await get<Row[]>(sim, `/api/v1/devices?limit=120&offset=${offset}&ordering=${ordering}`);
    if (page.json.length === 0) return ids;
    ids.push(...page.json.map((r) => r.device_id));
  }
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('GET /api/v1/devices ordering', () => {
  it('orders by device_id as plain string order of the lower-case ids, and descending with -', async () => {
    const sim = await simulator({ fleet: { seed: 41, devices: 500 } });
    const ids = [...sim.fleet.devices()].map((d) => d.id);
    expect(ids.every((id) => id === id.toLowerCase())).toBe(true);
    const ascending = [...ids].sort(text);
    expect(await readAll(sim, 'device_id')).toEqual(ascending);
    expect(await readAll(sim, '-device_id')).toEqual([...ascending].reverse());
  });

  it('orders by other fields and comma lists, ties broken by device_id; unknown fields are ignored', async () => {
    const sim = await simulator({ fleet: { seed: 42, devices: 400 } });
    const devices = [...sim.fleet.devices()];
    const by = (...keys: ((d: SimDevice) => string)[]) =>
      [...devices].sort((a, b) => keys.reduce((result, key) => result || text(key(a), key(b)), 0) || text(a.id, b.id)).map((d) => d.id);
    expect(await readAll(sim, 'serial_number')).toEqual(by((d) => d.serialNumber));
    expect(await readAll(sim, 'device_name')).toEqual(by((d) => d.name));
    expect(await readAll(sim, 'last_check_in')).toEqual(by((d) => d.listedCheckIn ?? ''));
    expect(await readAll(sim, 'platform,os_version')).toEqual(
      by(
        (d) => d.platform,
        (d) => d.osVersion,
      ),
    );
    const platformDescending = await readAll(sim, '-platform');
    expect(platformDescending.map((id) => sim.fleet.device(sim.fleet.deviceIndexOf(id)!).platform)).toEqual(
      devices
        .map((d) => d.platform)
        .sort(text)
        .reverse(),
    );
    expect(await readAll(sim, 'no_such_field,serial_number')).toEqual(by((d) => d.serialNumber));
  });

  it('without ordering (or with only unknown fields) serves the newest enrolment first', async () => {
    const sim = await simulator({ fleet: { seed: 43, devices: 300 } });
    const devices = [...sim.fleet.devices()];
    const newestFirst = [...devices].sort((a, b) => text(b.lastEnrollment, a.lastEnrollment) || text(a.id, b.id)).map((d) => d.id);
    const page = await get<Row[]>(sim, '/api/v1/devices?limit=300');
    expect(page.json.map((r) => r.device_id)).toEqual(newestFirst);
    expect(await readAll(sim, 'bogus')).toEqual(newestFirst);
    devices.forEach((d) => expect(sim.fleet.lastEnrollmentMicros(d.index)).toBe(Date.parse(d.lastEnrollment) * 1000 + Number(d.lastEnrollment.slice(23, 26))));
  });
});
