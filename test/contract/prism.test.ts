import { describe, expect, it } from 'vitest';
import { diskEncryption } from '../../src/evidence/artifacts/disk-encryption.js';
import { loadFixture } from './fixture-server.js';
import { build, byKey, fixtureTenant, readAll, verdict } from './harness.js';

const tenant = fixtureTenant();
const server = tenant.server;

describe('Prism pages as Kandji publishes them', () => {
  it('device_information (total 1): one request, both check-in clocks read', async () => {
    server.serve([loadFixture('prism-device-information')]);
    const rows = await readAll<Record<string, unknown>>(tenant.http, 'prism-device-information');
    expect(server.seen).toHaveLength(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ device_id: '00008347-0695-4145-b0dc-ca800a1332f9' });
    expect(rows[0]?.last_checkin_mdm).toBeTruthy();
    expect(rows[0]?.last_checkin_agent ?? null).toBeNull();
  });

  it('filevault first page with total null: its row is read, the read ends on an empty page, and FileVault off fails', async () => {
    server.serve([loadFixture('prism-filevault')]);
    const rows = await readAll<Record<string, unknown>>(tenant.http, 'prism-filevault');
    expect(rows.map((r) => r.device_id)).toEqual(['aa79459d-8566-4655-b09a-8f5c6bcf8b43']);
    // total null says nothing about the end: one more request, answered with an empty page, at most
    expect(server.seen[0]?.query.offset).toBe('0');
    expect(server.seen.length).toBeLessThanOrEqual(2);
    // a /devices row for the Prism row's device (id, family Mac, serial from the row; checked in when Prism collected):
    // constructed, no published /devices row has this id
    const devices = [
      {
        device_id: 'aa79459d-8566-4655-b09a-8f5c6bcf8b43',
        platform: 'Mac',
        serial_number: 'FVHHFKF7Q6L4',
        last_check_in: '2024-12-10T14:39:34.740791Z',
        mdm_enabled: true,
        agent_installed: true,
        is_removed: false,
        os_version: '15.1',
      },
    ];
    const record = byKey((await build(diskEncryption, { devices, 'prism-filevault': rows }, '2024-12-11T00:00:00Z')).records, 'deviceId').get(
      'aa79459d-8566-4655-b09a-8f5c6bcf8b43',
    );
    expect(verdict(record)).toBe('fail filevault_off');
    expect(record).toMatchObject({ encrypted: false, keyEscrowed: false });
  });
});
