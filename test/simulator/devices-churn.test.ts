import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { get, simulator } from './helpers.js';

type Row = { device_id: string };

/** A naive offset reader: pages of 100 until an empty page, recording each page's X-Total-Count. */
async function offsetRead(sim: RunningSimulator, ordering?: string): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await get<Row[]>(sim, `/api/v1/devices?limit=100&offset=${offset}${ordering ? `&ordering=${ordering}` : ''}`);
    totals.push(Number(page.headers.get('x-total-count')));
    if (page.json.length === 0) return { ids, totals };
    ids.push(...page.json.map((r) => r.device_id));
  }
}

const CHURN = { enrollPerPage: 3, leavePerPage: 5, maxEvents: 80 };

function missingAndDuplicated(ids: string[], expected: string[]): { missing: string[]; duplicated: number } {
  const seen = new Set(ids);
  return { missing: expected.filter((id) => !seen.has(id)), duplicated: ids.length - seen.size };
}

describe('GET /api/v1/devices with device churn', () => {
  it('enrolls and removes devices after each served page, within the bound, and reports who stayed', async () => {
    const sim = await simulator({ fleet: { seed: 21, devices: 1_000 }, deviceChurn: CHURN });
    const { ids, totals } = await offsetRead(sim);
    const enrolled = sim.deviceChurn.enrolled();
    const left = sim.deviceChurn.left();
    expect(enrolled.length + left.length).toBe(CHURN.maxEvents);
    expect(enrolled).toHaveLength(30); // 10 pages of 5 departures and 3 enrolments reach 80 events
    expect(left).toHaveLength(50);
    // Each page's X-Total-Count is the list as it was when served.
    expect(totals[0]).toBe(1_000);
    expect(totals[1]).toBe(1_000 + 3 - 5);
    expect(totals.at(-1)).toBe(1_000 + 30 - 50);
    const stayed = sim.deviceChurn.presentThroughout();
    expect(stayed).toHaveLength(950);
    expect(new Set([...stayed, ...left])).toEqual(new Set(Array.from({ length: 1_000 }, (_, i) => sim.fleet.deviceId(i))));
    // Newest enrolment first: enrolments push rows down, so an unordered offset reader reads some twice.
    expect(missingAndDuplicated(ids, stayed).duplicated).toBeGreaterThan(0);
    // Once churn is over, one more read in device_id order is exactly the final list.
    const final = (await offsetRead(sim, 'device_id')).ids;
    expect(final).toEqual([...stayed, ...enrolled].sort());
    expect(sim.deviceChurn.enrolled()).toEqual(enrolled);
  });

  it('spreads departures and enrolments over the id space, so an offset reader in id order skips devices', async () => {
    const sim = await simulator({ fleet: { seed: 22, devices: 1_000 }, deviceChurn: CHURN });
    const { ids } = await offsetRead(sim, 'device_id');
    const stayed = sim.deviceChurn.presentThroughout();
    const sorted = [...stayed].sort();
    const median = sorted[sorted.length >> 1]!;
    for (const group of [sim.deviceChurn.left(), sim.deviceChurn.enrolled()]) {
      expect(group.some((id) => id < median)).toBe(true);
      expect(group.some((id) => id > median)).toBe(true);
    }
    expect(missingAndDuplicated(ids, stayed).missing.length).toBeGreaterThan(0);
    expect(ids.every((id, i) => i === 0 || ids[i - 1]! < id)).toBe(true);
  });

  it('is deterministic for a seed and request sequence, and enrolled devices are the fleet’s enrolling devices', async () => {
    const a = await simulator({ fleet: { seed: 23, devices: 500 }, deviceChurn: CHURN });
    const b = await simulator({ fleet: { seed: 23, devices: 500 }, deviceChurn: CHURN });
    const readA = await offsetRead(a, '-serial_number');
    const readB = await offsetRead(b, '-serial_number');
    expect(readA).toEqual(readB);
    expect(a.deviceChurn.left()).toEqual(b.deviceChurn.left());
    expect(a.deviceChurn.enrolled()).toEqual(a.deviceChurn.enrolledDevices().map((d) => d.id));
    const newest = a.deviceChurn.enrolledDevices().at(-1)!;
    expect(newest.id).toBe(a.fleet.enrollingDevice(a.deviceChurn.enrolled().length - 1).id);
    expect(newest.lastEnrollment > a.fleet.spec.now).toBe(true);
    expect(newest.isRemoved).toBe(false);
    const first = await get<Row[]>(a, '/api/v1/devices?limit=1');
    expect(first.json[0]!.device_id).toBe(newest.id);
  });

  it('changes nothing without the option', async () => {
    const sim = await simulator({ fleet: { seed: 24, devices: 250 } });
    const { ids } = await offsetRead(sim);
    expect(sim.deviceChurn.enrolled()).toEqual([]);
    expect(sim.deviceChurn.left()).toEqual([]);
    expect([...ids].sort()).toEqual([...sim.deviceChurn.presentThroughout()].sort());
  });
});
