import { describe, expect, it } from 'vitest';
import { deviceTrust } from '../../src/evidence/artifacts/device-trust.js';
import { mdmEnrollment } from '../../src/evidence/artifacts/mdm-enrollment.js';
import { ENDPOINTS } from '../../src/iru/catalog.js';
import { paginate, type Page } from '../../src/iru/pagination/index.js';
import { loadFixture } from './fixture-server.js';
import { build, byKey, fixtureTenant, readAll, verdict } from './harness.js';

/** The value naming the clock a record used (its field name is the Artifact's; the value is the spec's). */
const clockOf = (record: Record<string, unknown> | undefined) => Object.values(record ?? {}).find((v) => v === 'mdm_check_in' || v === 'agent_check_in');

const tenant = fixtureTenant();
const server = tenant.server;

describe('/devices as recorded (HAR, 2023-03-10): a bare array, X-Total-Count the grand total, Link with prev', () => {
  it('reads the one recorded Mac in a stable order and sends the token', async () => {
    server.serve([loadFixture('devices-har-2023')]);
    const rows = await readAll<{ device_id: string }>(tenant.http, 'devices', { pageSize: 100 });
    expect(rows.map((r) => r.device_id)).toEqual(['d7532562-0fbd-47f5-9609-e41759bf01ef']);
    expect(server.seen[0]).toMatchObject({ path: '/api/v1/devices', query: { offset: '0', limit: '100' }, authorization: expect.stringMatching(/^Bearer /) });
    // spec 6: /devices is read with an explicit ordering on a unique key
    expect(server.seen.every((r) => r.query.ordering === 'device_id')).toBe(true);
  });

  it('reads the recorded offset=100 page ([] with x-total-count 1) as the end of a one-device list, total 1', async () => {
    server.serve([loadFixture('devices-har-2023')]);
    const pages: Page<unknown>[] = [];
    for await (const page of paginate(tenant.http, ENDPOINTS.devices, { pageSize: 100, from: { pageIndex: 1, offset: 100 } })) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ rows: [], next: null, total: 1 });
  });

  it('judges the recorded Mac: agent clock 172 days old on recording day -> device-trust fails check_in_too_old only; MDM enrolled with agent', async () => {
    server.serve([loadFixture('devices-har-2023')]);
    const devices = await readAll(tenant.http, 'devices', { pageSize: 100 });
    // the recording's Date header: Fri, 10 Mar 2023 13:37:41 GMT; last_check_in 2022-09-19T12:39:21.576048Z
    const now = '2023-03-10T13:37:41Z';
    const trust = byKey((await build(deviceTrust, { devices }, now)).records, 'deviceId').get('d7532562-0fbd-47f5-9609-e41759bf01ef');
    expect(verdict(trust)).toBe('fail check_in_too_old');
    expect(trust?.lastCheckIn).toBe('2022-09-19T12:39:21.576Z');
    expect(clockOf(trust)).toBe('agent_check_in');
    const mdm = byKey((await build(mdmEnrollment, { devices }, now)).records, 'deviceId').get('d7532562-0fbd-47f5-9609-e41759bf01ef');
    expect(verdict(mdm)).toBe('pass');
  });
});

describe('/devices rows Kandji published for Apple devices (PM List Devices, Mac/iPhone/iPad)', () => {
  // 49 minutes after the newest check-in of the page (the Mac 03f81208, 2024-07-23T14:11:37.150080Z)
  const now = '2024-07-23T15:00:00Z';
  const ids = {
    mac: '03f81208-2b6a-4a77-81f5-cf1633bcfb95',
    vm: 'd6ac2d8c-3852-4dc1-afe7-d5a32306ee39',
    iphone: '1db874b1-f480-4974-8f2b-c3abf972824e',
    ipad: '4820db3b-dec7-40b2-9c8f-eb771ac1a250',
  };

  it('device-trust from /devices alone: mdm_enabled is the MDM signal, the iPhone/iPad agent flag means nothing', async () => {
    server.serve([loadFixture('devices-pm-apple')]);
    const devices = await readAll(tenant.http, 'devices');
    expect(devices).toHaveLength(4);
    const trust = byKey((await build(deviceTrust, { devices }, now)).records, 'deviceId');
    expect(verdict(trust.get(ids.mac))).toBe('pass');
    expect(clockOf(trust.get(ids.mac))).toBe('agent_check_in');
    expect(verdict(trust.get(ids.vm))).toBe('fail check_in_too_old');
    // mdm_enabled false on the published iPhone, last check-in 2022-07-12
    expect(verdict(trust.get(ids.iphone))).toBe('fail check_in_too_old mdm_not_enrolled');
    expect(clockOf(trust.get(ids.iphone))).toBe('mdm_check_in');
    // agent_installed true with agent_version "": no agent exists on iPadOS, the clock is the MDM one
    expect(verdict(trust.get(ids.ipad))).toBe('fail check_in_too_old');
    expect(clockOf(trust.get(ids.ipad))).toBe('mdm_check_in');
  });

  it('mdm-enrollment: the iPhone with mdm_enabled false fails, the others pass', async () => {
    server.serve([loadFixture('devices-pm-apple')]);
    const devices = await readAll(tenant.http, 'devices');
    const mdm = byKey((await build(mdmEnrollment, { devices }, now)).records, 'deviceId');
    expect(verdict(mdm.get(ids.mac))).toBe('pass');
    expect(verdict(mdm.get(ids.vm))).toBe('pass');
    expect(verdict(mdm.get(ids.iphone))).toBe('fail mdm_disabled');
    expect(verdict(mdm.get(ids.ipad))).toBe('pass');
  });

  it('a Mac whose Prism clocks are newer than /devices last_check_in is judged by the most recent one (agent 14:26:49 from Prism)', async () => {
    server.serve([loadFixture('devices-pm-apple'), loadFixture('prism-device-information-mac-clocks')]);
    const devices = await readAll(tenant.http, 'devices');
    const prism = await readAll(tenant.http, 'prism-device-information');
    // 7 days and 8 minutes after /devices' 14:11:37, 6 days 23 h 53 min after the agent's 14:26:49
    const trust = byKey((await build(deviceTrust, { devices, 'prism-device-information': prism }, '2024-07-30T14:20:00Z')).records, 'deviceId').get(ids.mac);
    expect(trust?.lastCheckIn).toBe('2024-07-23T14:26:49.166Z');
    expect(clockOf(trust)).toBe('agent_check_in');
    expect(verdict(trust)).toBe('pass');
  });
});

describe('/devices rows Kandji published for Windows and Android (PM26 Get Device)', () => {
  // two hours after the Windows check-in (2025-10-09T21:54:41Z), 24 minutes after the Android one (23:36:34Z)
  const now = '2025-10-10T00:00:00Z';

  it('a Windows device with MDM and agent and an Android device with MDM, both fresh, are trusted and enrolled', async () => {
    server.serve([loadFixture('devices-pm26-windows-android')]);
    const devices = await readAll(tenant.http, 'devices');
    const trust = byKey((await build(deviceTrust, { devices }, now)).records, 'deviceId');
    expect(verdict(trust.get('3de7b283-1a44-47ef-bde1-2f556a8a32f7'))).toBe('pass');
    expect(clockOf(trust.get('3de7b283-1a44-47ef-bde1-2f556a8a32f7'))).toBe('agent_check_in');
    expect(verdict(trust.get('f3d1c9a7-8b6b-4e64-9c2e-2af1c028b4e5'))).toBe('pass');
    expect(clockOf(trust.get('f3d1c9a7-8b6b-4e64-9c2e-2af1c028b4e5'))).toBe('mdm_check_in');
    const mdm = byKey((await build(mdmEnrollment, { devices }, now)).records, 'deviceId');
    expect(verdict(mdm.get('3de7b283-1a44-47ef-bde1-2f556a8a32f7'))).toBe('pass');
    expect(verdict(mdm.get('f3d1c9a7-8b6b-4e64-9c2e-2af1c028b4e5'))).toBe('pass');
  });
});
