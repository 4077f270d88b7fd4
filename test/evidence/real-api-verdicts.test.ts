/**
 * Verdicts on rows shaped as the real API sends them (../shared/reference/iru-api-observed.md), one group per point of
 * issue 15 that the Artifact builders decide. Rows are written by hand; nothing here needs the collector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTrust } from '../../src/evidence/artifacts/device-trust.js';
import { libraryItemCompliance } from '../../src/evidence/artifacts/library-item-compliance.js';
import { malwareProtection } from '../../src/evidence/artifacts/malware-protection.js';
import { osCurrency } from '../../src/evidence/artifacts/os-currency.js';
import { threatDetections } from '../../src/evidence/artifacts/threat-detections.js';
import type { BuildContext } from '../../src/evidence/index.js';
import { normalizeTimestamp } from '../../src/evidence/timestamps.js';
import { buildInMemory } from '../helpers/build-in-memory.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const daysAgo = (days: number) => hoursAgo(days * 24);

function contextOf(sources: Record<string, object[]>): Omit<BuildContext, 'recordSink' | 'spill'> {
  return {
    connectionId: 'c',
    runId: 'r',
    tenant: 't',
    tokenFingerprint: 'sha256:0000000000000000',
    freshnessHours: 24,
    connectorVersion: 'test',
    collectedAt: NOW.toISOString(),
    now: NOW,
    async *pages<Row>(source: string) {
      yield (sources[source] ?? []) as Row[];
    },
  };
}

type Built = Awaited<ReturnType<typeof buildInMemory>>;
const byId = (built: Built, key = 'deviceId') => new Map(built.records.map((r) => [r[key] as string, r]));
const verdict = (record: Record<string, unknown> | undefined) => [record?.result, ...((record?.reasons as string[]) ?? [])].join(' ');

/** A `/devices` row as the real API sends it. */
const deviceRow = (id: string, fields: object = {}) => ({
  device_id: id,
  serial_number: `SN-${id}`,
  platform: 'Mac',
  os_version: '15.1',
  last_check_in: hoursAgo(1),
  mdm_enabled: true,
  agent_installed: true,
  agent_version: '4.2.0',
  is_removed: false,
  ...fields,
});

describe('point 1: threat statuses are matched on the real (upper-case) spelling', () => {
  it('point 1: QUARANTINED, RESOLVED, RELEASED pass; NOT_QUARANTINED fails; empty is missing_data; any other spelling is unknown_value, kept', async () => {
    const threat = (hash: string, status: string) => ({
      device_id: 'd1',
      threat_name: 'EICAR',
      classification: 'MALWARE',
      status,
      detection_date: '2023-04-21T17:23:13.883134',
      date_of_quarantine: '',
      date_of_release: '',
      file_hash: hash,
    });
    const built = await buildInMemory(
      threatDetections,
      contextOf({
        threats: [
          threat('a', 'QUARANTINED'),
          threat('b', 'RESOLVED'),
          threat('c', 'RELEASED'),
          threat('d', 'NOT_QUARANTINED'),
          threat('e', ''),
          threat('f', 'quarantined'),
          threat('g', 'IN_PROGRESS'),
        ],
      }),
    );
    const records = byId(built, 'fileHash');
    expect(Object.fromEntries([...records].map(([hash, r]) => [hash, verdict(r)]))).toEqual({
      a: 'pass',
      b: 'pass',
      c: 'pass',
      d: 'fail status_not_quarantined',
      e: 'not_evaluable missing_data',
      f: 'not_evaluable unknown_value',
      g: 'not_evaluable unknown_value',
    });
    expect(records.get('f')!.status).toBe('quarantined');
    expect(records.get('g')!.status).toBe('IN_PROGRESS');
    expect(built.summary.coverage.gaps).toContainEqual(expect.objectContaining({ reason: 'unknown_value', count: 2 }));
  });
});

describe('point 2: timestamps without an offset are UTC, whatever the process time zone', () => {
  const processZone = process.env.TZ;
  beforeAll(() => void (process.env.TZ = 'America/Los_Angeles'));
  afterAll(() => void (process.env.TZ = processZone));

  it.each([
    ['2023-04-21T17:23:13.883134', '2023-04-21T17:23:13.883Z'],
    ['2023-10-13 16:15:00.000000', '2023-10-13T16:15:00.000Z'],
    ['2024-01-26 16:15:36.087016+00:00', '2024-01-26T16:15:36.087Z'],
    ['2022-08-15 13:51:01 +0000', '2022-08-15T13:51:01.000Z'],
    ['2024-07-23T14:11:37.150080Z', '2024-07-23T14:11:37.150Z'],
    ['Feb 27, 2024 at 7:34:21 AM', '2024-02-27T07:34:21.000Z'],
    ['Mar 26, 2024 at 5:48:10 PM', '2024-03-26T17:48:10.000Z'],
    ['Jan 1, 2025 at 12:05:00 AM', '2025-01-01T00:05:00.000Z'],
  ])('point 2: under TZ=America/Los_Angeles %s -> %s', (input, expected) => {
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(480); // the zone is in force
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it('point 2: empty or unreadable -> null', () => {
    for (const input of ['', null, undefined, 'yesterday', 'Feb 30 2024']) expect(normalizeTimestamp(input)).toBeNull();
  });

  it('point 2: a threat detection time is the same instant under TZ=America/Los_Angeles', async () => {
    const built = await buildInMemory(
      threatDetections,
      contextOf({
        threats: [
          {
            device_id: 'd1',
            status: 'QUARANTINED',
            detection_date: '2023-04-21T17:23:13.883134',
            date_of_quarantine: '2023-04-21T17:23:15.071621',
            date_of_release: '',
            file_hash: 'a',
          },
        ],
      }),
    );
    expect(built.records[0]).toMatchObject({ detectedAt: '2023-04-21T17:23:13.883Z', quarantinedAt: '2023-04-21T17:23:15.071Z', releasedAt: null });
  });
});

describe('point 3: device trust reads mdm_enabled from /devices, on every platform', () => {
  it('point 3: a Windows and an Android device are trusted on mdm_enabled with no Prism data at all', async () => {
    expect(deviceTrust.sources).toEqual(['devices']);
    const built = await buildInMemory(
      deviceTrust,
      contextOf({
        devices: [
          deviceRow('windows', { platform: 'Windows', os_version: '24H2' }),
          deviceRow('android', { platform: 'Android', os_version: '15', agent_installed: false, agent_version: '' }),
          deviceRow('android-unenrolled', { platform: 'Android', agent_installed: false, agent_version: '', mdm_enabled: false }),
          deviceRow('windows-no-agent', { platform: 'Windows', agent_installed: false, agent_version: '' }),
        ],
      }),
    );
    const records = byId(built);
    expect(Object.fromEntries([...records].map(([id, r]) => [id, verdict(r)]))).toEqual({
      windows: 'pass',
      android: 'pass',
      'android-unenrolled': 'fail mdm_not_enrolled',
      'windows-no-agent': 'fail agent_not_installed',
    });
    expect(records.get('windows')).toMatchObject({ verified: true, mdmEnabled: true, agentRequired: true, lastCheckInClock: 'agent_check_in' });
    expect(records.get('android')).toMatchObject({ verified: true, mdmEnabled: true, agentRequired: false, lastCheckInClock: 'mdm_check_in' });
  });
});

describe('point 4: freshness is judged by the most recent check-in known, naming its clock', () => {
  const macWithBrokenAgent = {
    devices: [
      deviceRow('broken-agent', { last_check_in: daysAgo(40) }),
      deviceRow('iphone', { platform: 'iPhone', os_version: '18.1', agent_installed: true, agent_version: '', last_check_in: hoursAgo(2) }),
    ],
    'prism-device-information': [
      { device_id: 'broken-agent', last_checkin: daysAgo(40), last_checkin_agent: daysAgo(40), last_checkin_mdm: hoursAgo(1), last_collected_at: daysAgo(40) },
    ],
  };

  it('point 4: a Mac with a broken agent but a fresh MDM check-in is trusted, by the MDM clock', async () => {
    const records = byId(await buildInMemory(deviceTrust, contextOf(macWithBrokenAgent)));
    expect(records.get('broken-agent')).toMatchObject({
      result: 'pass',
      reasons: [],
      lastCheckIn: hoursAgo(1),
      lastCheckInClock: 'mdm_check_in',
      checkedInWithinLimit: true,
    });
    // /devices last_check_in is the MDM check-in on an iPhone, whatever its agent_installed says.
    expect(records.get('iphone')).toMatchObject({ result: 'pass', lastCheckIn: hoursAgo(2), lastCheckInClock: 'mdm_check_in' });
  });

  it('point 4: os-currency does not call that Mac stale', async () => {
    const records = byId(await buildInMemory(osCurrency, contextOf(macWithBrokenAgent)));
    expect(records.get('broken-agent')).toMatchObject({ result: 'pass', lastCheckIn: hoursAgo(1), lastCheckInClock: 'mdm_check_in' });
  });

  it('point 4: without Prism device information the /devices clock is used, and named', async () => {
    const records = byId(await buildInMemory(deviceTrust, contextOf({ devices: macWithBrokenAgent.devices })));
    expect(records.get('broken-agent')).toMatchObject({
      result: 'fail',
      reasons: ['check_in_too_old'],
      lastCheckIn: daysAgo(40),
      lastCheckInClock: 'agent_check_in',
    });
  });
});

describe('device trust on a flag Iru did not report', () => {
  it('is not evaluable (missing_data) when nothing else fails, and fails on what does fail', async () => {
    const built = await buildInMemory(
      deviceTrust,
      contextOf({
        devices: [
          deviceRow('no-mdm-flag', { platform: 'Windows', mdm_enabled: null }),
          deviceRow('no-agent-flag', { agent_installed: null }),
          deviceRow('no-flag-no-serial', { mdm_enabled: null, serial_number: '' }),
        ],
      }),
    );
    expect(Object.fromEntries([...byId(built)].map(([id, r]) => [id, verdict(r)]))).toEqual({
      'no-mdm-flag': 'not_evaluable missing_data',
      'no-agent-flag': 'not_evaluable missing_data',
      'no-flag-no-serial': 'fail serial_unknown',
    });
  });
});

describe('a Mac without the agent: its /devices check-in never moves (iru-api-observed.md, Check-in times)', () => {
  // As recorded (HAR): agent_installed false, last_check_in a minute after enrollment, months before, while MDM managed it.
  const agentless = deviceRow('agentless-mac', { agent_installed: false, agent_version: '', last_check_in: '2022-06-24T14:21:28Z' });
  const prism = [
    { device_id: 'agentless-mac', last_checkin: hoursAgo(3), last_checkin_agent: null, last_checkin_mdm: hoursAgo(3), last_collected_at: hoursAgo(3) },
  ];

  it('is neither stale nor "never checked in" without Prism: its check-in is unknown, and os-currency cannot judge it', async () => {
    const trust = byId(await buildInMemory(deviceTrust, contextOf({ devices: [agentless] }))).get('agentless-mac');
    expect(trust).toMatchObject({ result: 'fail', reasons: ['check_in_unknown', 'agent_not_installed'], lastCheckIn: null, checkedInWithinLimit: false });
    const os = byId(await buildInMemory(osCurrency, contextOf({ devices: [agentless] }))).get('agentless-mac');
    expect(os).toMatchObject({ result: 'not_evaluable', reasons: ['missing_data'], lastCheckIn: null });
  });

  it("is judged by Prism's MDM check-in when collected: fresh, so only the missing agent fails it", async () => {
    const sources = { devices: [agentless], 'prism-device-information': prism };
    const trust = byId(await buildInMemory(deviceTrust, contextOf(sources))).get('agentless-mac');
    expect(trust).toMatchObject({ result: 'fail', reasons: ['agent_not_installed'], lastCheckIn: hoursAgo(3), lastCheckInClock: 'mdm_check_in' });
    const os = byId(await buildInMemory(osCurrency, contextOf(sources))).get('agentless-mac');
    expect(os).toMatchObject({ result: 'pass', lastCheckIn: hoursAgo(3), lastCheckInClock: 'mdm_check_in' });
  });
});

describe('point 9: EDR status of library items feeds malware-protection', () => {
  const edrRow = (deviceId: string, edr: object | null, status = 'PASS') => ({
    id: 1,
    parent_id: 'avert',
    computer: { id: deviceId, name: null },
    blueprint: null,
    status,
    reported_at: null,
    edr_status: edr,
  });
  const edr = (status: string, posture: string) => ({ status, malware_posture: posture, last_baseline_scan: 'Feb 27, 2024 at 7:34:21 AM' });
  const prism = (ids: string[], on: boolean) => ({
    gatekeeper: ids.map((id) => ({ device_id: id, gatekeeper_status: on, xprotect_version: '5285', last_collected_at: daysAgo(1) })),
    startup: ids.map((id) => ({ device_id: id, sip: on, last_collected_at: daysAgo(1) })),
  });

  it('point 9: EDR enabled in Protect posture passes even with Gatekeeper off or no Prism row; Detect posture leaves it to Gatekeeper and SIP', async () => {
    const off = prism(['protect-gatekeeper-off', 'detect-gatekeeper-off'], false);
    const on = prism(['detect-gatekeeper-on', 'pending-edr'], true);
    const built = await buildInMemory(
      malwareProtection,
      contextOf({
        devices: ['protect-gatekeeper-off', 'protect-no-prism', 'detect-gatekeeper-off', 'detect-gatekeeper-on', 'pending-edr', 'disabled-no-prism'].map((id) =>
          deviceRow(id),
        ),
        'prism-gatekeeper': [...off.gatekeeper, ...on.gatekeeper],
        'prism-startup-settings': [...off.startup, ...on.startup],
        'library-item-status': [
          edrRow('protect-gatekeeper-off', edr('enabled', 'Protect')),
          edrRow('protect-no-prism', edr('enabled', 'Protect'), 'PENDING'),
          edrRow('detect-gatekeeper-off', edr('enabled', 'Detect')),
          edrRow('detect-gatekeeper-on', edr('enabled', 'Detect')),
          edrRow('pending-edr', null, 'PENDING'),
          edrRow('disabled-no-prism', edr('disabled', 'Protect')),
        ],
      }),
    );
    const records = byId(built);
    expect(Object.fromEntries([...records].map(([id, r]) => [id, verdict(r)]))).toEqual({
      'protect-gatekeeper-off': 'pass',
      'protect-no-prism': 'pass',
      'detect-gatekeeper-off': 'fail gatekeeper_off sip_off',
      'detect-gatekeeper-on': 'pass',
      'pending-edr': 'pass',
      'disabled-no-prism': 'not_evaluable missing_data',
    });
    expect(records.get('protect-gatekeeper-off')).toMatchObject({
      edrStatus: 'enabled',
      edrMalwarePosture: 'Protect',
      edrLastBaselineScan: '2024-02-27T07:34:21.000Z',
      gatekeeperEnabled: false,
    });
    expect(records.get('pending-edr')).toMatchObject({ edrStatus: null, edrMalwarePosture: null });
    expect(malwareProtection.optionalSources).toContain('library-item-status');
  });
});

describe('unknown enum values are not evaluable (unknown_value), kept as sent, never judged', () => {
  it('point 9 / unknown values: an EDR status or posture this collector does not know is unknown_value, even with Gatekeeper and SIP on', async () => {
    const fresh = daysAgo(1);
    const built = await buildInMemory(
      malwareProtection,
      contextOf({
        devices: [deviceRow('odd-posture'), deviceRow('odd-status')],
        'prism-gatekeeper': ['odd-posture', 'odd-status'].map((id) => ({ device_id: id, gatekeeper_status: true, last_collected_at: fresh })),
        'prism-startup-settings': ['odd-posture', 'odd-status'].map((id) => ({ device_id: id, sip: true, last_collected_at: fresh })),
        'library-item-status': [
          {
            id: 1,
            parent_id: 'avert',
            computer: { id: 'odd-posture', name: null },
            status: 'PASS',
            edr_status: { status: 'enabled', malware_posture: 'Quarantine' },
          },
          {
            id: 2,
            parent_id: 'avert',
            computer: { id: 'odd-status', name: null },
            status: 'PASS',
            edr_status: { status: 'degraded', malware_posture: 'Protect' },
          },
        ],
      }),
    );
    const records = byId(built);
    expect(records.get('odd-posture')).toMatchObject({ result: 'not_evaluable', reasons: ['unknown_value'], edrMalwarePosture: 'Quarantine' });
    expect(records.get('odd-status')).toMatchObject({ result: 'not_evaluable', reasons: ['unknown_value'], edrStatus: 'degraded' });
  });

  it('unknown values: a library-item status this collector does not know is unknown_value (was missing_data), with the default gap text', async () => {
    const built = await buildInMemory(
      libraryItemCompliance,
      contextOf({
        'library-item-status': [
          { id: 1, parent_id: 'item', computer: { id: 'd1', name: null }, blueprint: null, status: 'QUARANTINED_BY_POLICY', reported_at: hoursAgo(1) },
        ],
      }),
    );
    expect(built.records[0]).toMatchObject({ status: 'QUARANTINED_BY_POLICY', result: 'not_evaluable', reasons: ['unknown_value'] });
    expect(built.summary.coverage.gaps).toEqual([{ reason: 'unknown_value', count: 1, detail: expect.stringContaining('does not know') }]);
  });
});
