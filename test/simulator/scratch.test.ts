import { it } from 'vitest';
import { createFleet } from '../../src/simulator/fleet/create-fleet.js';
it('scratch', () => {
  let t = Date.now();
  const f = createFleet({ seed: 1, devices: 100_000 });
  console.log('create 100k ms', Date.now() - t);
  t = Date.now();
  const d = f.device(54321);
  console.log(JSON.stringify(d, null, 1).slice(0, 3000));
  console.log('prism apps total', f.prismRowCount('apps'), 'profiles', f.prismRowCount('installed_profiles'), 'macs', f.macCount, 'users', f.userCount, 'ade', f.adeDeviceCount, 'threats', f.threatCount, 'vulns', f.vulnerabilityDetectionCount, 'audit', f.auditEventCount);
  t = Date.now();
  const rows = f.prismRows('apps', 1_000_000, 300);
  console.log('prism page ms', Date.now() - t, rows.length, JSON.stringify(rows[0]).slice(0, 500));
  const small = createFleet({ seed: 7, devices: 2000 });
  let fvOff = 0, fwOff = 0, stale = 0, never = 0, noAgent = 0, removed = 0, macs = 0;
  const now = Date.parse(small.spec.now);
  for (const dev of small.devices()) {
    if (dev.platform === 'Mac') { macs++; if (!dev.filevault!.enabled) fvOff++; if (!dev.firewall!.enabled) fwOff++; if (!dev.agentInstalled) noAgent++; }
    if (dev.lastCheckIn === null) never++; else if (now - Date.parse(dev.lastCheckIn) > 7 * 86400e3) stale++;
    if (dev.isRemoved) removed++;
    if (dev.installedProfiles.length !== 0 && dev.installedProfiles[0]!.identifier !== 'com.kandji.profile.mdmprofile') throw new Error('x');
  }
  console.log({ macs, fvOff, fwOff, stale, never, noAgent, removed });
  console.log(small.blueprints.map(b => [b.name, b.deviceCount, b.libraryItemIds.length]));
  console.log(small.user(3), small.adeIntegrations, small.licensing, small.malwareCount, small.pupCount);
  console.log(small.auditEvent(5), small.threat(2), small.vulnerabilityDetection(3), small.adeDevice(small.adeDeviceCount - 1));
  let total = 0; for (const u of small.users()) total += u.deviceCount;
  let assigned = 0; for (const dev of small.devices()) if (dev.userId) assigned++;
  console.log('user device sum', total, assigned);
});
