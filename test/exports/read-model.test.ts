import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/evidence/index.js';
import { nameUuid } from '../../src/exports/oscal/name-uuid.js';
import { oscalControlId, oscalToken } from '../../src/exports/oscal/oscal-values.js';
import { safeFileName } from '../../src/exports/safe-file-name.js';
import { auditPeriod } from '../../src/read-model/audit-period.js';
import { flattenRecord } from '../../src/read-model/flatten-record.js';
import { freshnessAt } from '../../src/read-model/freshness.js';
import { diffRecords } from '../../src/read-model/record-diff.js';
import { schemaFieldOrder } from '../../src/read-model/record-fields.js';
import { summaryResults } from '../../src/read-model/record-results.js';
import { freshnessTimeline } from '../../src/read-model/timeline.js';
import type { RunRecord, RunSummary } from '../../src/store/index.js';
import { LruCache } from '../../src/web/records/lru.js';

describe('the audit period', () => {
  const now = new Date('2024-06-10T15:00:00Z');
  it('defaults to the 30 days ending today and counts whole UTC days', () => {
    expect(auditPeriod(undefined, undefined, now)).toMatchObject({ from: '2024-05-12', to: '2024-06-10', days: 30 });
    const p = auditPeriod('2024-02-28', '2024-03-01', now);
    expect(p).toMatchObject({ days: 3 });
    expect(p.start.toISOString()).toBe('2024-02-28T00:00:00.000Z');
    expect(p.end.toISOString()).toBe('2024-03-02T00:00:00.000Z');
  });
  it.each([
    ['2024-13-01', '2024-06-01', /"from" must be a calendar date/],
    ['20240601', undefined, /"from" must be a calendar date written YYYY-MM-DD \(UTC\), not "20240601"/],
    ['2024-06-09', '2024-06-01', /after it ends/],
  ])('refuses from=%s to=%s', (from, to, message) => {
    expect(() => auditPeriod(from, to, now)).toThrow(message);
  });
});

describe('freshness', () => {
  it('is fresh, then due in the last quarter of its window, then stale at expiry', () => {
    const collected = '2024-06-01T00:00:00Z';
    const expires = '2024-06-03T00:00:00Z';
    expect(freshnessAt(collected, expires, new Date('2024-06-02T11:59:00Z'))).toBe('fresh');
    expect(freshnessAt(collected, expires, new Date('2024-06-02T12:00:00Z'))).toBe('due');
    expect(freshnessAt(collected, expires, new Date('2024-06-03T00:00:00Z'))).toBe('stale');
  });
});

describe('the freshness timeline', () => {
  const run = (id: string, startedAt: string, status: RunSummary['status'], types: string[]): RunRecord => ({
    id,
    connectionId: 'c',
    workflowId: id,
    status,
    startedAt,
    finishedAt: startedAt,
    summary: {
      runId: id,
      connectionId: 'c',
      status,
      startedAt,
      finishedAt: startedAt,
      sources: [],
      artifacts: types.map((type) => ({ id: `${id}-${type}`, type, sha256: '', contentSha256: '', records: 1 })),
      notEvaluable: [],
      error: status === 'failed' ? { code: 'transient', message: 'Iru answered 503' } : null,
    },
  });

  it('marks each day fresh, partly fresh or without fresh evidence, with the cause of each gap', () => {
    const period = auditPeriod('2024-06-01', '2024-06-09', new Date('2024-06-08T06:00:00Z'));
    const versions = [
      { type: 'device-inventory', collectedAt: '2024-06-01T00:00:00.000Z', expiresAt: '2024-06-03T00:00:00.000Z' },
      { type: 'device-inventory', collectedAt: '2024-06-05T12:00:00.000Z', expiresAt: '2024-06-07T12:00:00.000Z' },
    ];
    const runs = [
      run('r1', '2024-06-01T00:00:00.000Z', 'succeeded', ['device-inventory']),
      run('r2', '2024-06-04T06:00:00.000Z', 'failed', []),
      run('r3', '2024-06-05T12:00:00.000Z', 'succeeded', ['device-inventory']),
    ];
    const rows = freshnessTimeline(period, ['device-inventory', 'mdm-enrollment'], versions, runs, new Date('2024-06-08T06:00:00Z'));
    const [inventory, mdm, all] = rows;
    expect(inventory!.days.map((d) => [d.day.slice(8), d.state, d.cause ?? ''])).toEqual([
      ['01', 'fresh', ''],
      ['02', 'fresh', ''],
      ['03', 'gap', 'expired'],
      ['04', 'gap', 'failed_run'],
      ['05', 'partial', 'no_run'],
      ['06', 'fresh', ''],
      ['07', 'partial', 'expired'],
      ['08', 'gap', 'no_run'],
      ['09', 'future', ''],
    ]);
    expect(inventory!.days[3]!.detail).toBe('run r2 (failed) at 2024-06-04T06:00:00.000Z: Iru answered 503');
    expect(inventory!.days[4]!.freshHours).toBe(12);
    expect(inventory).toMatchObject({ freshDays: 3, partialDays: 2, gapDays: 3 });
    expect(mdm!.days[0]).toMatchObject({ state: 'gap', cause: 'failed_run' });
    expect(mdm!.days[0]!.detail).toMatch(/no mdm-enrollment evidence produced/);
    expect(all!.label).toBe('all');
    expect(all!.days[0]).toMatchObject({ state: 'partial' });
    expect(all!.freshDays).toBe(0);
  });
});

describe('records across versions', () => {
  it('finds the identifying fields: the subject alone, or with the next field when the subject repeats', async () => {
    const keyFields = async (records: Record<string, unknown>[]) =>
      (
        await diffRecords(
          () => records,
          () => [],
        )
      ).keyFields;
    expect(
      await keyFields([
        { deviceId: 'a', x: 1 },
        { deviceId: 'b', x: 1 },
      ]),
    ).toEqual(['deviceId']);
    const statuses = [
      { deviceId: 'a', libraryItemId: 'l1', status: 'PASS' },
      { deviceId: 'a', libraryItemId: 'l2', status: 'PASS' },
    ];
    expect(await keyFields(statuses)).toEqual(['deviceId', 'libraryItemId']);
  });

  it('tells added, removed and changed records apart', async () => {
    const diff = await diffRecords(
      () => [
        { deviceId: 'a', os: '14' },
        { deviceId: 'b', os: '14' },
      ],
      () => [
        { deviceId: 'b', os: '15' },
        { deviceId: 'c', os: '15' },
      ],
    );
    expect(diff).toMatchObject({
      keyFields: ['deviceId'],
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 0,
      addedKeys: ['c'],
      removedKeys: ['a'],
      changedKeys: ['b'],
    });
  });

  it("puts stored (canonical, name-sorted) fields back in the order of the type's record schema, nested ones too", () => {
    const stored = (value: unknown) => JSON.parse(canonicalJson(value)) as Record<string, unknown>;
    const device = stored({ deviceId: 'd1', deviceName: 'Mac', serialNumber: 'C02', platform: 'Mac', extra: 1, agentInstalled: true });
    expect(Object.keys(schemaFieldOrder('device-inventory')(device))).toEqual([
      'deviceId',
      'deviceName',
      'serialNumber',
      'platform',
      'agentInstalled',
      'extra',
    ]);
    const software = stored({ name: 'Safari', versions: [{ version: '17', installations: 2 }] });
    expect(Object.keys((software.versions as object[])[0]!)).toEqual(['installations', 'version']);
    const [version] = schemaFieldOrder('software-inventory')(software).versions as object[];
    expect(Object.keys(version!)).toEqual(['version', 'installations']);
    const hostile = JSON.parse('{"__proto__":{"polluted":true},"b":1,"a":2}') as Record<string, unknown>;
    expect(schemaFieldOrder('../../../pwned')(hostile)).toBe(hostile);
    const ordered = schemaFieldOrder('device-inventory')(hostile);
    expect(Object.keys(ordered)).toEqual(['__proto__', 'b', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(ordered)).toBe(Object.prototype);
  });

  it('flattens nested values for tables and CSV', () => {
    expect(flattenRecord({ id: 'a', user: { id: 'u', name: null }, tags: ['x', 'y'], profiles: [{ id: 1 }], ok: true })).toEqual({
      id: 'a',
      'user.id': 'u',
      'user.name': '',
      tags: 'x; y',
      profiles: '[{"id":1}]',
      ok: 'true',
    });
  });

  it('reads result counts from an Artifact summary, when it has any', () => {
    const coverage = { evaluated: 0, total: 0, text: '', gaps: [] };
    expect(summaryResults({ counts: { devices: 3 }, coverage })).toBeUndefined();
    expect(summaryResults({ counts: { pass: 2, fail: 1, 'fail:filevault_off': 1, not_evaluable: 4 }, coverage })).toEqual({
      pass: 2,
      fail: 1,
      excepted: 0,
      not_evaluable: 4,
      not_applicable: 0,
    });
  });
});

describe('names that are safe in files and OSCAL', () => {
  it.each([
    ['../../etc/passwd', '__.._etc_passwd'],
    ['..', '_'],
    ['', '_'],
    ['acme corp/eu', 'acme_corp_eu'],
    ['C:\\evil', 'C__evil'],
  ])('%j -> %j', (input, output) => {
    expect(safeFileName(input)).toBe(output);
    expect(safeFileName(input)).not.toMatch(/[/\\]|^\.\.$/);
  });

  it('turns control ids into OSCAL tokens', () => {
    expect(oscalControlId('nist-800-53r5', 'CM-8(1)')).toBe('cm-8.1');
    expect(oscalControlId('hipaa', '164.312(a)(2)(iv)')).toBe('hipaa_164.312.a.2.iv');
    expect(oscalControlId('soc2', 'CC6.1')).toBe('soc2_CC6.1');
    expect(oscalToken('4.1', 'c')).toBe('c_4.1');
  });

  it('derives stable version-5 UUIDs', () => {
    expect(nameUuid('device/x')).toBe(nameUuid('device/x'));
    expect(nameUuid('device/x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('the LRU cache', () => {
  it('keeps the most recently used entries within the weight bound, and never one heavier than the bound', async () => {
    const cache = new LruCache<string, number[]>(5, (v) => v.length);
    cache.set('a', [1, 2]);
    cache.set('b', [1, 2]);
    cache.get('a');
    cache.set('c', [1, 2]);
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
    cache.set('huge', [1, 2, 3, 4, 5, 6, 7]);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
    let loads = 0;
    const load = async () => {
      loads++;
      return [1];
    };
    await Promise.all([cache.getOrLoad('x', load), cache.getOrLoad('x', load)]);
    expect(loads).toBe(1);
  });
});
