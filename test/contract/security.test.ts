import { describe, expect, it } from 'vitest';
import { threatDetections } from '../../src/evidence/artifacts/threat-detections.js';
import { vulnerabilities } from '../../src/evidence/artifacts/vulnerabilities.js';
import { loadFixture } from './fixture-server.js';
import { build, byKey, fixtureTenant, readAll, verdict } from './harness.js';

const tenant = fixtureTenant();
const server = tenant.server;

describe('threat details as Kandji publishes them (upper-case statuses, offset-less UTC dates)', () => {
  it('QUARANTINED and RELEASED pass, only NOT_QUARANTINED fails; detection times are the source instants read as UTC', async () => {
    server.serve([loadFixture('threat-details')]);
    const threats = await readAll(tenant.http, 'threats');
    expect(threats).toHaveLength(3);
    const built = await build(threatDetections, { threats }, '2023-04-22T00:00:00Z');
    const records = byKey(built.records, 'threatName');

    const quarantined = records.get('malware_5');
    expect(verdict(quarantined)).toBe('pass');
    expect(quarantined).toMatchObject({
      status: 'QUARANTINED',
      detectedAt: '2023-04-21T17:23:13.883Z',
      quarantinedAt: '2023-04-21T17:23:15.071Z',
      releasedAt: null,
    });

    const open = records.get('MAL_2ab79665b07b3be11dd1d4f2d0bafa886a4b393b28ffedb2a02f62efd0061858');
    expect(verdict(open)).toBe('fail status_not_quarantined');
    expect(open).toMatchObject({ status: 'NOT_QUARANTINED', detectedAt: '2023-04-06T15:02:55.656Z', quarantinedAt: null });

    const released = records.get('malware_7');
    expect(verdict(released)).toBe('pass');
    expect(released).toMatchObject({ status: 'RELEASED', detectedAt: '2023-04-21T17:23:13.949Z', releasedAt: '2023-04-21T18:02:41.120Z' });
  });
});

describe('vulnerability detections as Kandji publishes them', () => {
  it('reads `2023-10-13 16:15:00.000000` as 16:15 UTC whatever the process time zone', async () => {
    server.serve([loadFixture('vulnerability-detections')]);
    const rows = await readAll(tenant.http, 'vulnerability-detections');
    expect(server.seen[0]?.query.size).toBe('300');
    const record = (await build(vulnerabilities, { 'vulnerability-detections': rows }, '2023-10-14T00:00:00Z')).records[0];
    expect(record).toMatchObject({
      deviceId: 'abcd',
      cveId: 'CVE-2024-12345',
      severity: 'Low',
      cvssScore: 3.2,
      software: 'Example',
      version: '1.0.0',
      bundleId: 'com.microsoft',
      firstDetectedAt: '2023-10-13T16:15:00.000Z',
      latestDetectedAt: '2023-10-13T16:15:00.000Z',
    });
  });
});
