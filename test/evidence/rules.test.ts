import { describe, expect, it } from 'vitest';
import { collectionRun } from '../../src/evidence/artifacts/collection-run.js';
import { diskEncryption } from '../../src/evidence/artifacts/disk-encryption.js';
import { malwareProtection } from '../../src/evidence/artifacts/malware-protection.js';
import { osCurrency } from '../../src/evidence/artifacts/os-currency.js';
import { userAssignment } from '../../src/evidence/artifacts/user-assignment.js';
import type { BuildContext, RunSourceOutcome } from '../../src/evidence/index.js';
import { evaluateLibraryItemStatus } from '../../src/evidence/library-item-status.js';
import { compareVersions, versionParts } from '../../src/evidence/os-version.js';
import { buildInMemory } from '../helpers/build-in-memory.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

/** A build context over rows given in place, in the shapes the row schemas produce. */
function contextOf(sources: Record<string, object[]>, run?: RunSourceOutcome[]): Omit<BuildContext, 'recordSink' | 'spill'> {
  return {
    connectionId: 'c',
    runId: 'r',
    tenant: 't',
    tokenFingerprint: 'sha256:0000000000000000',
    freshnessHours: 24,
    connectorVersion: 'test',
    collectedAt: NOW.toISOString(),
    now: NOW,
    ...(run ? { run: { sources: run } } : {}),
    async *pages<Row>(source: string) {
      yield (sources[source] ?? []) as Row[];
    },
  };
}

const device = (id: string, fields: object = {}) => ({
  device_id: id,
  platform: 'Mac',
  last_check_in: daysAgo(1),
  is_removed: false,
  os_version: '15.1',
  ...fields,
});
const resultsOf = async (records: Promise<{ records: Record<string, unknown>[] }>) =>
  Object.fromEntries((await records).records.map((r) => [r.deviceId ?? r.source, [r.result, ...(r.reasons as string[])].join(' ')]));

describe('library item statuses as evidence', () => {
  it.each([
    ['PASS', 'pass', []],
    ['success', 'pass', []],
    ['REMEDIATED', 'pass', []],
    ['ERROR', 'fail', ['status_error']],
    ['failed', 'fail', ['status_failed']],
    ['WARNING', 'fail', ['status_warning']],
    ['PENDING', 'not_evaluable', ['transient']],
    ['pending', 'not_evaluable', ['transient']],
    ['INSTALLING', 'not_evaluable', ['transient']],
    ['DOWNLOADING', 'not_evaluable', ['transient']],
    ['CACHED', 'not_evaluable', ['transient']],
    ['CHANGE_PENDING', 'not_evaluable', ['transient']],
    ['EXCLUDED', 'not_applicable', ['status_excluded']],
    ['INCOMPATIBLE', 'not_applicable', ['status_incompatible']],
    ['AVAILABLE', 'not_applicable', ['status_available']],
    ['SOMETHING_NEW', 'not_evaluable', ['unknown_value']],
    ['toString', 'not_evaluable', ['unknown_value']],
  ])('%s -> %s', (status, result, reasons) => {
    expect(evaluateLibraryItemStatus(status)).toEqual({ result, reasons });
  });
});

describe('OS versions compare numerically', () => {
  it.each([
    ['14.0', '14.0', 0],
    ['14', '14.0', 0],
    ['13.7.1', '14.0', -1],
    ['14.10', '14.9', 1],
    ['15.0.1', '15', 1],
  ])('%s vs %s', (a, b, order) => {
    expect(compareVersions(versionParts(a)!, versionParts(b)!)).toBe(order);
  });

  it('compares only dotted numeric versions', () => {
    expect(versionParts('24H2')).toBeNull();
    expect(versionParts(' 15.1 ')).toEqual([15, 1]);
    expect(versionParts('')).toBeNull();
    expect(versionParts(null)).toBeNull();
  });
});

describe('posture checks decide scope and freshness before the setting', () => {
  it('disk-encryption: a Mac without a Prism row is missing_data, a stale row is stale, other platforms and removed Macs are not applicable', async () => {
    const context = contextOf({
      devices: [
        device('on'),
        device('off'),
        device('no-row'),
        device('stale'),
        device('null-status'),
        device('iphone', { platform: 'iPhone' }),
        device('removed', { is_removed: true }),
      ],
      'prism-filevault': [
        { device_id: 'on', status: true, key_escrowed: false, last_collected_at: daysAgo(1) },
        { device_id: 'off', status: false, last_collected_at: daysAgo(1) },
        { device_id: 'stale', status: true, last_collected_at: daysAgo(31) },
        { device_id: 'null-status', status: null, last_collected_at: daysAgo(1) },
        { device_id: 'removed', status: true, last_collected_at: daysAgo(1) },
        { device_id: 'unknown-device', status: true, last_collected_at: daysAgo(1) },
      ],
    });
    const built = await buildInMemory(diskEncryption, context);
    expect(await resultsOf(Promise.resolve(built))).toEqual({
      on: 'pass',
      off: 'fail filevault_off',
      'no-row': 'not_evaluable missing_data',
      stale: 'not_evaluable stale',
      'null-status': 'not_evaluable missing_data',
      iphone: 'not_applicable platform_out_of_scope',
      removed: 'not_applicable device_removed',
    });
    expect(built.summary.coverage).toMatchObject({ evaluated: 2, total: 5, text: '2 of 5 devices evaluated' });
    expect(built.summary.coverage.gaps.map((g) => [g.reason, g.count])).toEqual([
      ['missing_data', 2],
      ['stale', 1],
    ]);
    expect(built.summary.counts.prismRowsWithoutDevice).toBe(1);
    expect(built.records.find((r) => r.deviceId === 'on')).toMatchObject({ encrypted: true, keyEscrowed: false });
  });

  it('malware-protection needs both Gatekeeper and SIP, and both rows', async () => {
    const fresh = daysAgo(2);
    const context = contextOf({
      devices: [device('ok'), device('gk-off'), device('both-off'), device('no-startup')],
      'prism-gatekeeper': ['ok', 'both-off', 'no-startup']
        .map((id) => ({ device_id: id, gatekeeper_status: id === 'ok' || id === 'no-startup', xprotect_version: '5285', last_collected_at: fresh }))
        .concat([{ device_id: 'gk-off', gatekeeper_status: false, xprotect_version: '5284', last_collected_at: fresh }]),
      'prism-startup-settings': ['ok', 'gk-off', 'both-off'].map((id) => ({ device_id: id, sip: id !== 'both-off', last_collected_at: fresh })),
    });
    expect(await resultsOf(buildInMemory(malwareProtection, context))).toEqual({
      ok: 'pass',
      'gk-off': 'fail gatekeeper_off',
      'both-off': 'fail gatekeeper_off sip_off',
      'no-startup': 'not_evaluable missing_data',
    });
  });

  it('os-currency: below the minimum fails, a platform without one is not applicable, a device that never checked in is missing_data', async () => {
    const context = contextOf({
      devices: [
        device('current'),
        device('old', { os_version: '13.7.1' }),
        device('exact', { os_version: '14.0' }),
        device('windows', { platform: 'Windows', os_version: '24H2' }),
        device('never', { last_check_in: '' }),
        device('stale', { last_check_in: daysAgo(45) }),
      ],
    });
    expect(await resultsOf(buildInMemory(osCurrency, context))).toEqual({
      current: 'pass',
      old: 'fail below_minimum_os_version',
      exact: 'pass',
      windows: 'not_applicable platform_out_of_scope',
      never: 'not_evaluable missing_data',
      stale: 'not_evaluable stale',
    });
  });
});

describe('user assignment', () => {
  it('fails a device of an archived user, falls back to the device list for users the directory lacks, and notes unassigned devices', async () => {
    const context = contextOf({
      devices: [
        device('active-user', { user: { id: 'u1', email: null, name: null, is_archived: false } }),
        device('archived-user', { user: { id: 'u2', email: null, name: null, is_archived: false } }),
        device('not-in-directory', { user: { id: 'u3', email: null, name: null, is_archived: true } }),
        device('unknown-status', { user: { id: 'u4', email: null, name: null } }),
        device('unassigned', { user: '' }),
      ],
      users: [
        { id: 'u1', archived: false, active: true },
        { id: 'u2', archived: true, active: false },
      ],
    });
    expect(await resultsOf(buildInMemory(userAssignment, context))).toEqual({
      'active-user': 'pass',
      'archived-user': 'fail user_archived',
      'not-in-directory': 'fail user_archived',
      'unknown-status': 'not_evaluable missing_data',
      unassigned: 'not_applicable unassigned',
    });
  });
});

describe('collection-run', () => {
  const outcome = (name: string, status: RunSourceOutcome['status'], code?: string): RunSourceOutcome => ({
    name,
    status,
    records: 3,
    requests: 1,
    error: code ? { code } : null,
  });

  it('never fails a source for a missing permission or a transient error', async () => {
    const context = contextOf({}, [
      outcome('devices', 'succeeded'),
      outcome('prism-filevault', 'failed', 'permission_denied'),
      outcome('users', 'failed', 'rate_limited'),
      outcome('tags', 'failed', 'invalid_response'),
      outcome('threats', 'not_applicable', 'not_entitled'),
    ]);
    expect(await resultsOf(buildInMemory(collectionRun, context))).toEqual({
      devices: 'pass',
      'prism-filevault': 'not_evaluable permission_denied',
      users: 'not_evaluable transient',
      tags: 'fail invalid_response',
      threats: 'not_applicable not_entitled',
    });
  });

  it('leaves request counts out of the evidence: a retried page does not change it', async () => {
    const once = await buildInMemory(collectionRun, contextOf({}, [outcome('devices', 'succeeded')]));
    const retried = await buildInMemory(collectionRun, contextOf({}, [{ ...outcome('devices', 'succeeded'), requests: 7 }]));
    expect(retried).toEqual(once);
  });
});
