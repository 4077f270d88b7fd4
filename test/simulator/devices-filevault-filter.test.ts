import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { get, simulator } from './helpers.js';

type Row = { device_id: string; platform: string };

/** Pages of 120 read in device_id order, each starting 5 rows before the previous one ended (as the collector reads). */
async function readOverlapping(sim: RunningSimulator, filter: string): Promise<{ ids: string[]; totals: number[] }> {
  const seen = new Set<string>();
  const totals: number[] = [];
  for (let offset = 0; ; offset += 115) {
    const page = await get<Row[]>(sim, `/api/v1/devices?ordering=device_id&filevault_enabled=${filter}&limit=120&offset=${offset}`);
    totals.push(Number(page.headers.get('x-total-count')));
    page.json.forEach((row) => seen.add(row.device_id));
    if (page.json.length < 120) return { ids: [...seen], totals };
  }
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('GET /api/v1/devices filevault_enabled', () => {
  it('lists the Macs in each FileVault state of the model, in device_id order, and no other platform', async () => {
    const sim = await simulator({ fleet: { seed: 43, devices: 700 } });
    const macs = [...sim.fleet.devices()].filter((d) => d.platform === 'Mac');
    const on = macs
      .filter((d) => d.filevault!.enabled)
      .map((d) => d.id)
      .sort(text);
    const off = macs
      .filter((d) => !d.filevault!.enabled)
      .map((d) => d.id)
      .sort(text);
    expect(on.length).toBeGreaterThan(120);
    expect(off.length).toBeGreaterThan(0);

    const enabled = await readOverlapping(sim, 'true');
    const disabled = await readOverlapping(sim, 'false');
    expect(enabled.ids).toEqual(on);
    expect(disabled.ids).toEqual(off);
    expect(new Set(enabled.totals)).toEqual(new Set([on.length]));
    expect(new Set(disabled.totals)).toEqual(new Set([off.length]));
    expect(enabled.ids.length + disabled.ids.length).toBe(macs.length);
  });

  it('reads the value as a boolean filter: any case of true or false, anything else filters nothing', async () => {
    const sim = await simulator({ fleet: { seed: 44, devices: 200 } });
    const macsOn = [...sim.fleet.devices()].filter((d) => d.filevault?.enabled === true).length;
    const total = async (query: string) => Number((await get(sim, `/api/v1/devices?limit=1${query}`)).headers.get('x-total-count'));
    expect(await total('&filevault_enabled=True')).toBe(macsOn);
    expect(await total('&filevault_enabled=maybe')).toBe(200);
    expect(await total('')).toBe(200);
  });
});
