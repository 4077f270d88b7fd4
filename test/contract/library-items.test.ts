import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryItemCompliance } from '../../src/evidence/artifacts/library-item-compliance.js';
import { malwareProtection } from '../../src/evidence/artifacts/malware-protection.js';
import type { IruHttp } from '../../src/iru/http.js';
import { FixtureServer, loadFixture } from './fixture-server.js';
import { build, clientFor, readAll, verdict } from './harness.js';

const ITEMS = {
  edr_item: 'd0afe50a-1102-4568-86ed-44863b757c85',
  script_item: '5f2308a4-7439-4842-8887-789c53bc1c7d',
  profile_item: 'df1244ff-e6fd-4cd0-8705-f6e0c6917d98',
};
const server = new FixtureServer();
let http: IruHttp;
beforeAll(async () => {
  await server.start();
  http = clientFor(server);
  server.serve([loadFixture('library-item-status-edr'), loadFixture('library-item-status'), loadFixture('library-item-status-profile')], ITEMS);
});
afterAll(async () => {
  await http.close();
  await server.stop();
});

/** Per-parent rows as the collector stores them: each carries the library item it was read for. */
async function statusRows(item: string): Promise<Record<string, unknown>[]> {
  const rows = await readAll<Record<string, unknown>>(http, 'library-item-status', { path: `/api/v1/library/library-items/${item}/status` });
  return rows.map((row) => ({ ...row, parent_id: item }));
}

describe('library-item statuses as Kandji publishes them', () => {
  it('PASS passes, PENDING waits; profile statuses in lower case: success passes, failed fails, pending waits', async () => {
    const rows = [...(await statusRows(ITEMS.script_item)), ...(await statusRows(ITEMS.profile_item)), ...(await statusRows(ITEMS.edr_item))];
    expect(rows).toHaveLength(8);
    const records = (await build(libraryItemCompliance, { 'library-item-status': rows }, '2024-03-01T00:00:00Z')).records;
    const of = (item: string, device: string) => verdict(records.find((r) => r.libraryItemId === item && r.deviceId === device));
    expect(of(ITEMS.script_item, 'ce0e6bbc-1665-471a-9c4c-1c47237c773e')).toBe('pass');
    expect(of(ITEMS.script_item, '2f25e13e-3b1c-4717-bf7e-7d23e61bb68c')).toBe('not_evaluable transient');
    expect(of(ITEMS.profile_item, 'bd4eb679-d679-4071-a395-5855807b6829')).toBe('not_evaluable transient');
    expect(of(ITEMS.profile_item, 'ce0e6bbc-1665-471a-9c4c-1c47237c773e')).toBe('pass');
    expect(of(ITEMS.profile_item, '2f25e13e-3b1c-4717-bf7e-7d23e61bb68c')).toBe('fail status_failed');
    expect(of(ITEMS.edr_item, '912bc505-a7ee-4d0b-906d-2102f332a4b3')).toBe('not_evaluable transient');
  });

  it('keeps edr_status of EDR items through the client (status, malware_posture, last_baseline_scan)', async () => {
    const rows = await statusRows(ITEMS.edr_item);
    const edr = rows.find((r) => (r.computer as { id: string }).id === '912bc505-a7ee-4d0b-906d-2102f332a4b3');
    expect(edr?.edr_status).toMatchObject({ status: 'enabled', malware_posture: 'Protect' });
    expect(rows.filter((r) => r !== edr).map((r) => r.edr_status ?? null)).toEqual([null, null]);
  });

  it('malware-protection: the Mac whose EDR status row says enabled/Protect is protected by EDR; Macs with edr_status null are not passed on EDR', async () => {
    const rows = await statusRows(ITEMS.edr_item);
    const now = '2024-02-28T00:00:00Z';
    // /devices rows for the three Macs of the published status rows (ids and names from `computer`; the platform is Mac:
    // EDR runs on macOS only). Constructed: no published /devices row carries these ids.
    const devices = rows.map((r) => {
      const computer = r.computer as { id: string; name: string };
      return {
        device_id: computer.id,
        device_name: computer.name,
        platform: 'Mac',
        serial_number: `SERIAL-${computer.id.slice(0, 8)}`,
        last_check_in: '2024-02-27T23:00:00Z',
        mdm_enabled: true,
        agent_installed: true,
        is_removed: false,
        os_version: '14.3',
      };
    });
    const records = (await build(malwareProtection, { devices, 'library-item-status': rows }, now)).records;
    const protectedMac = records.find((r) => r.deviceId === '912bc505-a7ee-4d0b-906d-2102f332a4b3');
    expect(protectedMac).toMatchObject({ edrStatus: 'enabled', edrMalwarePosture: 'Protect' });
    expect(verdict(protectedMac)).toBe('pass');
    for (const id of ['977942ac-8303-4ec9-b7bf-439f4e9f18dd', '2f25e13e-3b1c-4717-bf7e-7d23e61bb68c']) {
      expect(records.find((r) => r.deviceId === id)?.result).not.toBe('pass');
    }
  });
});
