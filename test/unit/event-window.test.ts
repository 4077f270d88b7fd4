import { describe, expect, it } from 'vitest';
import { loadAuditWindowDays } from '../../src/config/audit-window.js';
import { adminActivity } from '../../src/evidence/artifacts/admin-activity.js';
import { EVENT_READ_OVERLAP_MS, planEventWindow, windowCovers, type BuildContext, type EventWindow } from '../../src/evidence/index.js';
import { buildInMemory } from '../helpers/build-in-memory.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TO = '2026-12-06T12:00:00.000Z';
const at = (ms: number) => new Date(ms).toISOString();
const before = (ms: number) => at(Date.parse(TO) - ms);

describe('IRU_EVIDENCE_AUDIT_WINDOW_DAYS', () => {
  it('is a rolling year by default, any whole number of days from 1 to 3650 otherwise, and refuses anything else saying what to send', () => {
    expect(loadAuditWindowDays({})).toBe(365);
    expect(loadAuditWindowDays({ IRU_EVIDENCE_AUDIT_WINDOW_DAYS: '400' })).toBe(400);
    expect(loadAuditWindowDays({ IRU_EVIDENCE_AUDIT_WINDOW_DAYS: '1' })).toBe(1);
    for (const bad of ['0', '3651', '90d', '-5', '1.5', '']) {
      expect(() => loadAuditWindowDays({ IRU_EVIDENCE_AUDIT_WINDOW_DAYS: bad }), bad).toThrow(
        /IRU_EVIDENCE_AUDIT_WINDOW_DAYS (must be a whole number of days \(1 to 3650\)|must be from 1 to 3650 days)/,
      );
    }
  });
});

describe('planning the window of an Artifact of events', () => {
  const window = (days: number, earlier?: Parameters<typeof planEventWindow>[0]['earlier']) => planEventWindow({ to: TO, days, historyDays: 365, earlier });
  const covering = (from: string, to: string, extra: object = {}) => ({
    id: 'art_earlier',
    covers: { kind: 'window' as const, from, to, windowDays: 365, ...extra },
  });

  it('reads the whole window the API holds when there is nothing to continue', () => {
    expect(window(365)).toEqual({ days: 365, from: before(365 * DAY), to: TO, historyDays: 365, completeFrom: before(365 * DAY), readFrom: before(365 * DAY) });
    // Longer than the API's year: complete only from where the API's history starts.
    expect(window(400)).toMatchObject({ from: before(400 * DAY), completeFrom: before(365 * DAY), readFrom: before(365 * DAY) });
  });

  it('continues the current Artifact, reading from an hour before its end', () => {
    expect(window(365, covering(before(366 * DAY), before(HOUR)))).toEqual({
      ...{ days: 365, from: before(365 * DAY), to: TO, historyDays: 365 },
      ...{ completeFrom: before(365 * DAY), readFrom: before(HOUR + EVENT_READ_OVERLAP_MS), continues: 'art_earlier' },
    });
    // A longer window keeps what earlier collections kept beyond the API's year.
    expect(window(400, covering(before(390 * DAY), before(HOUR)))).toMatchObject({ completeFrom: before(390 * DAY), continues: 'art_earlier' });
  });

  it.each([
    ['one sealed before Artifacts stated their period', { id: 'art_earlier', covers: undefined }],
    ['a snapshot', { id: 'art_earlier', covers: { kind: 'snapshot' as const, from: before(HOUR), to: before(HOUR) } }],
    ['one that covers nothing (its log was not read)', covering(before(HOUR), before(HOUR))],
    ['one that ends after this window', covering(before(365 * DAY), at(Date.parse(TO) + HOUR))],
    ['one whose end the API no longer holds (the events since would be missing)', covering(before(800 * DAY), before(365 * DAY - HOUR / 2))],
    ['one that is complete from later than a full read would be', covering(before(100 * DAY), before(HOUR))],
  ])('reads the whole window rather than continue %s', (_, earlier) => {
    const planned = window(365, earlier);
    expect(planned.continues).toBeUndefined();
    expect(planned).toMatchObject({ completeFrom: before(365 * DAY), readFrom: before(365 * DAY) });
  });

  it('states what the window covers: all of it, from where the history starts, or nothing when the log was not read', () => {
    expect(windowCovers(window(365))).toEqual({ kind: 'window', from: before(365 * DAY), to: TO, windowDays: 365 });
    expect(windowCovers(window(400))).toEqual({
      ...{ kind: 'window', from: before(365 * DAY), to: TO, windowDays: 400 },
      gap: {
        from: before(400 * DAY),
        to: before(365 * DAY),
        reason: 'history_unavailable',
        detail: expect.stringContaining(`events before ${before(365 * DAY)}`),
      },
    });
    expect(windowCovers(window(365), 'not collected: no permission')).toEqual({
      ...{ kind: 'window', from: TO, to: TO, windowDays: 365 },
      gap: { from: before(365 * DAY), to: TO, reason: 'permission_denied', detail: 'not collected: no permission' },
    });
  });
});

describe('the admin-activity build over a continued window', () => {
  const event = (id: string, occurredAt: string) => ({
    ...{ id, occurredAt, action: 'update', actorType: 'user', actorId: 'admin-1' },
    ...{ targetType: 'blueprint', targetId: 'bp-1', targetComponent: 'library_items' },
  });
  // The API writes microseconds; records keep milliseconds.
  const row = (id: string, occurredAt: string, actor = 'admin-1') => ({
    ...{ id, occurred_at: occurredAt.replace('Z', '123Z'), action: 'update', actor_type: 'user', actor_id: actor },
    ...{ target_type: 'blueprint', target_id: 'bp-1', target_component: 'library_items' },
  });
  const window: EventWindow = {
    ...{ days: 10, from: before(10 * DAY), to: TO, historyDays: 365 },
    ...{ completeFrom: before(10 * DAY), readFrom: before(2 * HOUR), continues: 'art_earlier' },
  };
  const context = (rows: object[], carried: object[], denied?: string[]): Omit<BuildContext, 'recordSink' | 'spill'> => ({
    ...{ connectionId: 'c', runId: 'r', tenant: 't', tokenFingerprint: 'sha256:0000000000000000', freshnessHours: 24, connectorVersion: 'test' },
    ...{ collectedAt: TO, now: new Date(TO), window, ...(denied ? { deniedPermissions: denied } : {}) },
    async *pages<Row>(source: string) {
      if (source === 'audit-events') yield rows as Row[];
    },
    async *carriedRecords<R>() {
      yield* carried as R[];
    },
  });

  it('keeps the earlier events of the window and the new ones, each event once, and drops those that left the window', async () => {
    const carried = [
      event('left', before(10 * DAY + 1)),
      event('kept-first', before(10 * DAY)),
      event('kept', before(3 * DAY)),
      event('in-overlap', before(HOUR + 1)),
      event('only-kept-in-overlap', before(HOUR)),
    ];
    // The run re-lists the overlap: an event read before, one listed late, one new; and one the API sent outside what was asked.
    const rows = [
      row('in-overlap', before(HOUR + 1), 'admin-2'),
      row('listed-late', before(90 * 60_000)),
      row('new', before(60_000)),
      row('outside', before(5 * DAY)),
    ];
    const built = await buildInMemory(adminActivity, context(rows, carried));
    expect(built.records.map((r) => r.id)).toEqual(['kept-first', 'kept', 'listed-late', 'in-overlap', 'only-kept-in-overlap', 'new']);
    expect(built.records.find((r) => r.id === 'in-overlap')!.actorId).toBe('admin-2'); // this run's copy
    expect(built.summary.counts.events).toBe(6);
    expect(built.covers).toEqual({ kind: 'window', from: before(10 * DAY), to: TO, windowDays: 10 });
  });

  it('covers nothing, naming the permission, when the audit log was not read', async () => {
    const built = await buildInMemory(adminActivity, context([], [event('kept', before(3 * DAY))], ['Audit Log › List audit events']));
    expect(built.records).toEqual([]);
    expect(built.covers).toMatchObject({
      kind: 'window',
      from: TO,
      to: TO,
      gap: { reason: 'permission_denied', detail: expect.stringContaining('List audit events') },
    });
  });
});
