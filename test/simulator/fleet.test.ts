import { describe, expect, it } from 'vitest';
import { createFleet, PRISM_CATEGORIES, type SimDevice } from '../../src/simulator/index.js';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const DAY = 86_400_000;

describe('createFleet', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createFleet({ seed: 42, devices: 120 });
    const b = createFleet({ seed: 42, devices: 120 });
    const c = createFleet({ seed: 43, devices: 120 });
    expect([...a.devices()]).toEqual([...b.devices()]);
    expect([...a.users()]).toEqual([...b.users()]);
    expect(a.blueprints).toEqual(b.blueprints);
    expect(a.prismRows('apps', 0, 500)).toEqual(b.prismRows('apps', 0, 500));
    expect([...a.auditEvents()]).toEqual([...b.auditEvents()]);
    expect([...c.devices()].map((d) => d.id)).not.toEqual([...a.devices()].map((d) => d.id));
    expect(c.blueprints.map((bp) => bp.id)).not.toEqual(a.blueprints.map((bp) => bp.id));
  });

  it('generates device i on demand, equal to the i-th element of devices()', () => {
    const fleet = createFleet({ seed: 5, devices: 300 });
    const all = [...fleet.devices()];
    expect(all).toHaveLength(300);
    for (const i of [0, 1, 150, 299]) expect(fleet.device(i)).toEqual(all[i]);
    // A fresh fleet asked for a late device first gives the same answer.
    expect(createFleet({ seed: 5, devices: 300 }).device(299)).toEqual(all[299]);
    expect(() => fleet.device(300)).toThrow(RangeError);
  });

  it('resolves device ids back to indices and rejects foreign ids', () => {
    const fleet = createFleet({ seed: 9, devices: 500 });
    for (const device of fleet.devices()) expect(fleet.deviceIndexOf(device.id)).toBe(device.index);
    expect(fleet.deviceIndexOf(createFleet({ seed: 10, devices: 500 }).device(3).id)).toBeUndefined();
    expect(fleet.deviceIndexOf('not-a-uuid')).toBeUndefined();
  });

  it('keeps ids and serial numbers unique', () => {
    const fleet = createFleet({ seed: 1, devices: 5_000 });
    const devices = [...fleet.devices()];
    expect(new Set(devices.map((d) => d.id)).size).toBe(devices.length);
    const serials = [...devices.map((d) => d.serialNumber), ...[...fleet.adeDevices()].filter((a) => a.deviceIndex === null).map((a) => a.serialNumber)];
    expect(new Set(serials).size).toBe(serials.length);
  });

  it('has a varied, realistic distribution so evaluations both pass and fail', () => {
    const fleet = createFleet({ seed: 7, devices: 2_000 });
    const devices = [...fleet.devices()];
    const macs = devices.filter((d) => d.platform === 'Mac');
    const share = (list: SimDevice[], test: (d: SimDevice) => boolean) => list.filter(test).length / list.length;
    expect(share(devices, (d) => d.platform === 'Mac')).toBeGreaterThan(0.6);
    expect(share(devices, (d) => d.platform === 'Mac')).toBeLessThan(0.8);
    expect(share(macs, (d) => !d.filevault!.enabled)).toBeGreaterThan(0.05);
    expect(share(macs, (d) => !d.filevault!.enabled)).toBeLessThan(0.16);
    expect(share(macs, (d) => !d.firewall!.enabled)).toBeGreaterThan(0.09);
    expect(share(macs, (d) => !d.firewall!.enabled)).toBeLessThan(0.22);
    expect(share(macs, (d) => !d.agentInstalled)).toBeGreaterThan(0.03);
    expect(share(devices, (d) => d.lastCheckIn !== null && NOW - Date.parse(d.lastCheckIn) > 7 * DAY)).toBeGreaterThan(0.05);
    expect(devices.some((d) => d.lastCheckIn === null)).toBe(true);
    expect(devices.some((d) => d.isRemoved)).toBe(true);
    expect(devices.some((d) => d.isMissing)).toBe(true);
    expect(devices.some((d) => d.userId === null)).toBe(true);
    expect(devices.every((d) => d.lastCheckIn === null || Date.parse(d.lastCheckIn) <= NOW)).toBe(true);
    for (const d of devices) {
      const isMac = d.platform === 'Mac';
      expect(d.filevault === null).toBe(!isMac);
      expect(d.firewall === null).toBe(!isMac);
      if (!isMac) expect(d.systemExtensions).toEqual([]);
      const isApple = !['Windows', 'Android'].includes(d.platform);
      if (d.mdmEnabled && isApple) expect(d.installedProfiles.map((p) => p.identifier)).toContain('com.kandji.profile.mdmprofile');
      if (!isApple) expect([d.installedProfiles, d.apps]).toEqual([[], []]);
      expect(Date.parse(d.firstEnrollment)).toBeLessThanOrEqual(Date.parse(d.lastEnrollment));
    }
  });

  it('counts rows consistently with the devices they come from', () => {
    const fleet = createFleet({ seed: 3, devices: 400 });
    const devices = [...fleet.devices()];
    const sum = (f: (d: SimDevice) => number) => devices.reduce((total, d) => total + f(d), 0);
    expect(fleet.prismRowCount('device_information')).toBe(devices.filter((d) => !['Windows', 'Android'].includes(d.platform)).length);
    expect(fleet.appleDeviceCount).toBe(fleet.prismRowCount('device_information'));
    expect(fleet.prismRowCount('filevault')).toBe(fleet.macCount);
    expect(fleet.macCount).toBe(devices.filter((d) => d.platform === 'Mac').length);
    expect(fleet.prismRowCount('apps')).toBe(sum((d) => d.apps.length));
    expect(fleet.prismRowCount('installed_profiles')).toBe(sum((d) => d.installedProfiles.length));
    expect(fleet.prismRowCount('system_extensions')).toBe(sum((d) => d.systemExtensions.length));
    for (const category of PRISM_CATEGORIES) {
      expect(fleet.prismRows(category, 0, 100_000)).toHaveLength(fleet.prismRowCount(category));
    }
    expect([...fleet.users()].reduce((total, u) => total + u.deviceCount, 0)).toBe(devices.filter((d) => d.userId !== null).length);
    expect(fleet.userCount).toBe(320);
    for (const d of devices.filter((x) => x.userIndex !== null).slice(0, 50)) expect(fleet.user(d.userIndex!).id).toBe(d.userId);
    for (const blueprint of fleet.blueprints) {
      expect(blueprint.deviceCount).toBe(devices.filter((d) => d.blueprintId === blueprint.id && !d.isRemoved).length);
    }
    const ade = [...fleet.adeDevices()];
    expect(ade).toHaveLength(fleet.adeDeviceCount);
    expect(ade.filter((a) => a.deviceIndex !== null)).toHaveLength(devices.filter((d) => d.adeEligible).length);
    expect(fleet.adeIntegrations.reduce((total, i) => total + i.deviceCounts.total, 0)).toBe(fleet.adeDeviceCount);
  });

  it('gives each device the library items of its blueprint, and each item its blueprints’ devices', () => {
    const fleet = createFleet({ seed: 11, devices: 250 });
    for (const device of [fleet.device(0), fleet.device(100), fleet.device(249)]) {
      const blueprint = fleet.blueprints.find((b) => b.id === device.blueprintId)!;
      expect(fleet.libraryItemStatuses(device.index).map((s) => s.itemId)).toEqual(blueprint.libraryItemIds);
    }
    for (const item of fleet.libraryItems) {
      const expected = [...fleet.devices()].filter((d) => item.blueprintIds.includes(d.blueprintId)).length;
      expect(fleet.libraryItemDeviceStatusCount(item.id)).toBe(expected);
      const rows = fleet.libraryItemDeviceStatuses(item.id, 0, 10_000);
      expect(new Set(rows.map((r) => r.deviceIndex)).size).toBe(expected);
      const paged = [...fleet.libraryItemDeviceStatuses(item.id, 0, 7), ...fleet.libraryItemDeviceStatuses(item.id, 7, 10_000)];
      expect(paged).toEqual(rows);
    }
  });

  it('keeps audit events in time order and vulnerability detections on software the device has', () => {
    const fleet = createFleet({ seed: 2, devices: 200 });
    const times = [...fleet.auditEvents()].map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort());
    for (const detection of fleet.vulnerabilityDetections()) {
      const device = fleet.device(detection.deviceIndex);
      expect(device.platform).toBe('Mac');
      expect(device.apps.find((a) => a.bundleId === detection.bundleId)?.version).toBe(detection.version);
    }
    expect(fleet.malwareCount + fleet.pupCount).toBe(fleet.threatCount);
  });

  it('handles an empty fleet and rejects sizes outside 0..100000', () => {
    const empty = createFleet({ seed: 1, devices: 0 });
    expect([...empty.devices()]).toEqual([]);
    expect(empty.prismRows('apps', 0, 10)).toEqual([]);
    expect(empty.threatCount).toBe(0);
    expect(() => createFleet({ seed: 1, devices: 100_001 })).toThrow(RangeError);
    expect(() => createFleet({ seed: 1, devices: -1 })).toThrow(RangeError);
  });
});
