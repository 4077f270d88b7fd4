import { describe, expect, it } from 'vitest';
import { deviceInventory } from '../../src/evidence/artifacts/device-inventory.js';
import { deviceTrust } from '../../src/evidence/artifacts/device-trust.js';
import { firewall } from '../../src/evidence/artifacts/firewall.js';
import { mdmEnrollment } from '../../src/evidence/artifacts/mdm-enrollment.js';
import { threatDetections } from '../../src/evidence/artifacts/threat-detections.js';
import { vulnerabilities } from '../../src/evidence/artifacts/vulnerabilities.js';
import { canonicalJson } from '../../src/evidence/index.js';
import { loadFixture } from './fixture-server.js';
import { build, byKey, fixtureTenant, readAll } from './harness.js';

const tenant = fixtureTenant();
const server = tenant.server;

/** What the published device list says about each device (devices-pm-apple.json, read by eye). */
const MAC = { id: '03f81208-2b6a-4a77-81f5-cf1633bcfb95', deviceName: "accuhive's MacBook Air", serialNumber: 'FVHHFKF7Q6L4', assignedUser: 'acchuive admin' };
const IPHONE = { id: '1db874b1-f480-4974-8f2b-c3abf972824e', deviceName: 'Mobile_Avenger_Base', serialNumber: 'FCLD57YLN70G' }; // "user": ""
const NOW = '2024-07-23T15:00:00Z';

async function devicesList(fixture: string): Promise<object[]> {
  server.serve([loadFixture(fixture)]);
  return readAll(tenant.http, 'devices');
}

describe('the device name, serial number and assigned user on every device record (published and recorded device lists)', () => {
  it('records built from GET /devices carry them; the real API\'s empty-string user leaves assignedUser absent, never "undefined"', async () => {
    const devices = await devicesList('devices-pm-apple');
    for (const definition of [deviceInventory, mdmEnrollment, deviceTrust, firewall]) {
      const records = byKey((await build(definition, { devices }, NOW)).records, 'deviceId');
      expect(records.get(MAC.id), definition.type).toMatchObject({
        deviceName: MAC.deviceName,
        serialNumber: MAC.serialNumber,
        assignedUser: MAC.assignedUser,
      });
      const iphone = records.get(IPHONE.id)!;
      expect(iphone, definition.type).toMatchObject({ deviceName: IPHONE.deviceName, serialNumber: IPHONE.serialNumber });
      expect(Object.hasOwn(iphone, 'assignedUser'), definition.type).toBe(false);
      expect(canonicalJson(iphone), definition.type).not.toContain('undefined');
    }
  });

  it('a 2022 recording with an integer user id: the user is named by its name', async () => {
    const devices = await devicesList('devices-har-2023');
    const [record] = (await build(mdmEnrollment, { devices }, NOW)).records;
    // devices-har-2023.json: "device_name": "RickandMorty-MBP", "serial_number": "[REDACTED]", user { "id": 1, "name": "Adam Williams" }
    expect(record).toMatchObject({ deviceName: 'RickandMorty-MBP', serialNumber: '[REDACTED]', assignedUser: 'Adam Williams' });
  });

  it("Artifacts of other sources join the run's device list by id; a device it does not list has null name and serial and no user", async () => {
    const devices = await devicesList('devices-pm-apple');
    server.serve([loadFixture('vulnerability-detections'), loadFixture('threat-details')]);
    const [detection] = await readAll<Record<string, unknown>>(tenant.http, 'vulnerability-detections');
    const [threat] = await readAll<Record<string, unknown>>(tenant.http, 'threats');
    const unlisted = 'not-in-the-device-list';

    const vulnerabilityRows = [
      { ...detection, device_id: MAC.id, cve_id: 'CVE-2024-0001' },
      { ...detection, device_id: unlisted, cve_id: 'CVE-2024-0002' },
    ];
    const vulns = byKey((await build(vulnerabilities, { 'vulnerability-detections': vulnerabilityRows, devices }, NOW)).records, 'cveId');
    expect(vulns.get('CVE-2024-0001')).toMatchObject({
      deviceId: MAC.id,
      deviceName: MAC.deviceName,
      serialNumber: MAC.serialNumber,
      assignedUser: MAC.assignedUser,
    });
    expect(vulns.get('CVE-2024-0002')).toMatchObject({ deviceId: unlisted, deviceName: null, serialNumber: null });
    expect(Object.hasOwn(vulns.get('CVE-2024-0002')!, 'assignedUser')).toBe(false);

    const threats = (await build(threatDetections, { threats: [{ ...threat, device_id: IPHONE.id }], devices }, NOW)).records;
    expect(threats[0]).toMatchObject({ deviceId: IPHONE.id, deviceName: IPHONE.deviceName, serialNumber: IPHONE.serialNumber });
    expect(Object.hasOwn(threats[0]!, 'assignedUser')).toBe(false);

    // Without the device list (not collected), the same records still build, their device unknown.
    const alone = (await build(vulnerabilities, { 'vulnerability-detections': vulnerabilityRows }, NOW)).records;
    expect(alone.map((r) => [r.deviceName, r.serialNumber])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});
