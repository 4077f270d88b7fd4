import { describe, expect, it } from 'vitest';
import { PRISM_CATEGORIES, type RunningSimulator } from '../../src/simulator/index.js';
import { get, simulator } from './helpers.js';

interface PrismPage {
  offset: number | null;
  limit: number;
  total: number | null;
  data: Record<string, unknown>[];
  cursor: string | null;
}

const COMMON_COLUMNS = [
  'device_id',
  'device__name',
  'device__family',
  'device__user_id',
  'device__user_name',
  'device__user_email',
  'blueprint_id',
  'blueprint_name',
  'tags',
  'asset_tag',
  'serial_number',
  'model_id',
  'count',
  'created_at',
  'updated_at',
  'last_changed_at',
  'last_collected_at',
];

const rowKey = (row: Record<string, unknown>) => JSON.stringify(row);

async function byOffset(sim: RunningSimulator, category: string, limit: number): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await get<PrismPage>(sim, `/api/v1/prism/${category}?limit=${limit}&offset=${offset}`);
    expect(page.status).toBe(200);
    expect(page.json.offset).toBe(offset);
    expect(page.json.total).toBe(offset === 0 ? null : sim.fleet.prismRowCount(category as never));
    if (page.json.data.length === 0) return rows;
    rows.push(...page.json.data);
  }
}

async function byCursor(sim: RunningSimulator, category: string, limit: number): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let cursor = '';
  for (;;) {
    const page = await get<PrismPage>(sim, `/api/v1/prism/${category}?limit=${limit}&cursor=${encodeURIComponent(cursor)}`);
    expect(page.status).toBe(200);
    expect(page.json.offset).toBeNull();
    expect(page.json.total).toBe(sim.fleet.prismRowCount(category as never));
    rows.push(...page.json.data);
    if (!page.json.cursor || page.json.data.length === 0) return rows;
    cursor = page.json.cursor;
  }
}

describe('Prism', () => {
  it('covers every row exactly once in offset mode and in cursor mode, for every category', async () => {
    const sim = await simulator({ fleet: { seed: 21, devices: 60 }, rateLimit: { perSecond: 10_000 } });
    for (const category of PRISM_CATEGORIES) {
      const expected = sim.fleet.prismRows(category, 0, 1_000_000).map(rowKey);
      const offsetRows = (await byOffset(sim, category, 97)).map(rowKey);
      const cursorRows = (await byCursor(sim, category, 113)).map(rowKey);
      expect(offsetRows).toEqual(expected);
      expect(cursorRows).toEqual(expected);
      expect(new Set(cursorRows).size).toBe(cursorRows.length);
    }
  });

  it('starts rows with the common columns and keeps Mac-only categories to Macs', async () => {
    const sim = await simulator({ fleet: { seed: 4, devices: 40 } });
    const filevault = await get<PrismPage>(sim, '/api/v1/prism/filevault?limit=300');
    expect(filevault.json.data).toHaveLength(sim.fleet.macCount);
    expect(Object.keys(filevault.json.data[0]!).slice(0, COMMON_COLUMNS.length)).toEqual(COMMON_COLUMNS);
    expect(filevault.json.data.every((row) => row.device__family === 'Mac')).toBe(true);
    expect(filevault.json.data[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    const fvOff = [...sim.fleet.devices()]
      .filter((d) => d.filevault && !d.filevault.enabled)
      .map((d) => d.id)
      .sort();
    expect(
      filevault.json.data
        .filter((row) => row.status === false)
        .map((row) => row.device_id)
        .sort(),
    ).toEqual(fvOff);
  });

  it('defaults limit to 25, caps it at 300, and rejects offset with cursor', async () => {
    const sim = await simulator({ fleet: { seed: 4, devices: 400 } });
    const first = await get<PrismPage>(sim, '/api/v1/prism/device_information');
    expect(first.json).toMatchObject({ offset: 0, limit: 25, total: null, cursor: null });
    expect(first.json.data).toHaveLength(25);
    expect((await get<PrismPage>(sim, '/api/v1/prism/device_information?limit=5000')).json.data).toHaveLength(300);
    const mixed = await get<{ detail: string }>(sim, '/api/v1/prism/apps?offset=0&cursor=');
    expect(mixed.status).toBe(400);
    expect(typeof mixed.json.detail).toBe('string');
    expect((await get(sim, '/api/v1/prism/apps?cursor=bm90LW91cnM=')).status).toBe(400);
  });

  it('counts categories and rejects unknown ones', async () => {
    const sim = await simulator({ fleet: { seed: 4, devices: 80 } });
    expect((await get(sim, '/api/v1/prism/count?category=apps')).json).toEqual({ count: sim.fleet.prismRowCount('apps'), approximate: false });
    const bad = await get(sim, '/api/v1/prism/count?category=application_firewal');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: 'Invalid category: application_firewal' });
  });
});
