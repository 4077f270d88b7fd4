import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXCEPTABLE_TYPES, type ArtifactEnvelope } from '../../src/evidence/index.js';
import type { Connection, NewDeviceException } from '../../src/store/index.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { apiDevice, buildRun } from '../helpers/build-run.js';
import { tempStore } from '../helpers/store.js';

const CREATED = '2026-03-01T09:00:00.000Z';
/** Collected while the exceptions below are in force (their last day is 2026-03-10, UTC). */
const DURING = '2026-03-05T12:00:00.000Z';
/** The first moment after that last day. */
const AFTER = '2026-03-11T00:00:00.000Z';
const LAST_DAY = '2026-03-10';

// The fleet: d1 passes; d2 is not enrolled in MDM, d3 has no agent, d4 neither: all three fail device trust. A Mac
// without the agent has no check-in GET /devices can vouch for (check_in_unknown; src/evidence/devices.ts).
const DEVICES = [
  apiDevice('d1'),
  apiDevice('d2', { mdm_enabled: false }),
  apiDevice('d3', { agent_installed: false }),
  apiDevice('d4', { mdm_enabled: false, agent_installed: false }),
];

const exception = (id: string, deviceId: string, check: string | null, fields: Partial<NewDeviceException> = {}): NewDeviceException => ({
  id,
  connectionId: '',
  deviceId,
  check,
  justification: `${deviceId} is a lab machine kept off MDM until the refresh`,
  approver: 'alice',
  createdAt: CREATED,
  expiresOn: LAST_DAY,
  ...fields,
});

describe('exceptions applied when an Artifact is built', () => {
  let store: SqliteStore;
  let cleanup: () => Promise<void>;
  let connection: Connection;

  beforeEach(async () => {
    ({ store, cleanup } = tempStore());
    connection = await store.saveConnection({ name: 'acme', baseUrl: 'http://127.0.0.1:9/api/v1', token: 'token-acme', freshnessHours: 48 });
  });
  afterEach(async () => cleanup());

  const grant = (e: NewDeviceException) => store.createException({ ...e, connectionId: connection.id });

  async function deviceTrust(collectedAt: string) {
    // Every device checked in the hour before: only the criteria of the fleet above fail.
    const checkedIn = new Date(Date.parse(collectedAt) - 3_600_000).toISOString();
    const devices = DEVICES.map((d) => ({ ...d, last_check_in: checkedIn }));
    const { artifacts } = await buildRun(store, connection, { collectedAt, devices, types: ['device-trust'] });
    const stored = (await store.getArtifact(artifacts[0]!.id))!;
    const envelope = JSON.parse(stored.envelope) as ArtifactEnvelope;
    const records: Record<string, unknown>[] = [];
    for await (const body of store.artifactRecords(stored.id)) records.push(JSON.parse(body) as Record<string, unknown>);
    return { envelope, stored, byDevice: new Map(records.map((r) => [r.deviceId as string, r])) };
  }

  it('a failing device excepted for every check is excepted while the exception is in force, and fails again after its last day', async () => {
    await grant(exception('exc-d2', 'd2', null));
    await grant(exception('exc-d1', 'd1', 'device-trust')); // d1 passes: nothing to except
    await grant(exception('exc-d4-mdm', 'd4', 'mdm-enrollment')); // another check: device trust still fails d4

    const during = await deviceTrust(DURING);
    expect(during.byDevice.get('d2')).toMatchObject({ result: 'excepted', exceptedResult: 'fail', exceptionId: 'exc-d2', reasons: ['mdm_not_enrolled'] });
    expect(during.byDevice.get('d1')).toMatchObject({ result: 'pass' });
    expect(during.byDevice.get('d1')).not.toHaveProperty('exceptionId');
    expect(during.byDevice.get('d3')).toMatchObject({ result: 'fail', reasons: ['check_in_unknown', 'agent_not_installed'] });
    expect(during.byDevice.get('d4')).toMatchObject({ result: 'fail' });
    const { counts, coverage, exceptions } = during.envelope.summary;
    expect(counts).toMatchObject({ pass: 1, fail: 2, excepted: 1, 'excepted:mdm_not_enrolled': 1 });
    expect(coverage).toMatchObject({ evaluated: 4, total: 4 });
    expect(exceptions).toEqual([
      {
        id: 'exc-d1',
        deviceId: 'd1',
        check: 'device-trust',
        justification: exception('', 'd1', null).justification,
        approver: 'alice',
        createdAt: CREATED,
        expiresOn: LAST_DAY,
        status: 'in_force',
        records: 0,
      },
      {
        id: 'exc-d2',
        deviceId: 'd2',
        check: null,
        justification: exception('', 'd2', null).justification,
        approver: 'alice',
        createdAt: CREATED,
        expiresOn: LAST_DAY,
        status: 'in_force',
        records: 1,
      },
    ]);

    const after = await deviceTrust(AFTER);
    expect(after.byDevice.get('d2')).toMatchObject({ result: 'fail', reasons: ['mdm_not_enrolled'] });
    expect(after.byDevice.get('d2')).not.toHaveProperty('exceptionId');
    expect(after.envelope.summary.counts).toMatchObject({ pass: 1, fail: 3 });
    expect(after.envelope.summary.counts).not.toHaveProperty('excepted');
    expect(after.envelope.summary.exceptions?.map((e) => [e.id, e.status])).toEqual([
      ['exc-d1', 'expired'],
      ['exc-d2', 'expired'],
    ]);
  });

  it('a revoked exception stops applying from its revocation and is listed as revoked; one granted after the collection does not apply to it', async () => {
    await grant(exception('exc-d3', 'd3', 'device-trust'));
    await store.revokeException('exc-d3', '2026-03-04T00:00:00.000Z', 'bob');
    await grant(exception('exc-d4-late', 'd4', null, { createdAt: '2026-03-06T00:00:00.000Z' }));

    const { byDevice, envelope } = await deviceTrust(DURING);
    expect(byDevice.get('d3')).toMatchObject({ result: 'fail' });
    expect(byDevice.get('d4')).toMatchObject({ result: 'fail' });
    expect(envelope.summary.exceptions).toEqual([
      expect.objectContaining({ id: 'exc-d3', status: 'revoked', revokedAt: '2026-03-04T00:00:00.000Z', revokedBy: 'bob' }),
    ]);
  });

  it('the check-specific exception wins over one for every check, and builds of the same collection time give the same content hash', async () => {
    await grant(exception('exc-all', 'd2', null, { expiresOn: '2026-04-30' }));
    await grant(exception('exc-trust', 'd2', 'device-trust'));
    const first = await deviceTrust(DURING);
    const second = await deviceTrust(DURING);
    expect(first.byDevice.get('d2')).toMatchObject({ result: 'excepted', exceptionId: 'exc-trust' });
    expect(second.stored.contentSha256).toBe(first.stored.contentSha256);
  });

  it('without any exception, an Artifact is what it was before exceptions existed: no excepted count, no exceptions list', async () => {
    const { envelope } = await deviceTrust(DURING);
    expect(envelope.summary.counts).toEqual({
      pass: 1,
      fail: 3,
      not_evaluable: 0,
      not_applicable: 0,
      'fail:mdm_not_enrolled': 2,
      'fail:check_in_unknown': 2,
      'fail:agent_not_installed': 2,
    });
    expect(envelope.summary).not.toHaveProperty('exceptions');
  });

  it('only a failing record is excepted: one the build could not evaluate stays not evaluable, naming why', async () => {
    await grant(exception('exc-quiet', 'quiet', null));
    await grant(exception('exc-old', 'old', null));
    // "quiet" never checked in: its OS version cannot be judged (missing_data); "old" runs macOS 13.6, below 14.0.
    const devices = [
      apiDevice('quiet', { last_check_in: null, os_version: '13.6' }),
      apiDevice('old', { os_version: '13.6', last_check_in: '2026-03-05T00:00:00.000Z' }),
    ];
    const { artifacts } = await buildRun(store, connection, { collectedAt: DURING, devices, types: ['os-currency'] });
    const records: Record<string, unknown>[] = [];
    for await (const body of store.artifactRecords(artifacts[0]!.id)) records.push(JSON.parse(body) as Record<string, unknown>);
    expect(records.find((r) => r.deviceId === 'quiet')).toMatchObject({ result: 'not_evaluable', reasons: ['missing_data'] });
    expect(records.find((r) => r.deviceId === 'quiet')).not.toHaveProperty('exceptionId');
    expect(records.find((r) => r.deviceId === 'old')).toMatchObject({ result: 'excepted', exceptedResult: 'fail', exceptionId: 'exc-old' });
    const envelope = JSON.parse((await store.getArtifact(artifacts[0]!.id))!.envelope) as ArtifactEnvelope;
    expect(envelope.summary.coverage.gaps).toEqual([expect.objectContaining({ reason: 'missing_data', count: 1 })]);
    expect(envelope.summary.exceptions?.map((e) => [e.id, e.records])).toEqual([
      ['exc-old', 1],
      ['exc-quiet', 0],
    ]);
  });

  it('an exception is only listed by the types it can name, never by one that judges no device', async () => {
    await grant(exception('exc-d2', 'd2', null));
    const { artifacts } = await buildRun(store, connection, { collectedAt: DURING, devices: DEVICES, types: ['device-inventory'] });
    const envelope = JSON.parse((await store.getArtifact(artifacts[0]!.id))!.envelope) as ArtifactEnvelope;
    expect(envelope.summary).not.toHaveProperty('exceptions');
  });
});

describe('the checks an exception can name', () => {
  it('are exactly the record schemas judged per Iru device, each of which can carry what the record would have been', () => {
    const judgedPerDevice = [
      'ade-enrollment',
      'collection-run',
      'device-trust',
      'disk-encryption',
      'firewall',
      'library-item-compliance',
      'malware-protection',
      'mdm-enrollment',
      'os-currency',
      'threat-detections',
      'user-assignment',
    ].filter((type) => {
      const schema = JSON.parse(readFileSync(`schemas/artifacts/${type}.schema.json`, 'utf8')) as {
        required: string[];
        properties: Record<string, { enum?: string[] }>;
      };
      expect(schema.properties.result!.enum).toContain('excepted');
      return schema.required.includes('deviceId');
    });
    expect([...EXCEPTABLE_TYPES].sort()).toEqual(judgedPerDevice);
    for (const type of EXCEPTABLE_TYPES) {
      const schema = JSON.parse(readFileSync(`schemas/artifacts/${type}.schema.json`, 'utf8')) as { properties: Record<string, unknown> };
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['exceptedResult', 'exceptionId']));
    }
  });
});
