import { describe, expect, it } from 'vitest';
import { bucketTitle, gapRangeText, timelineSvg } from '../../src/html/charts.js';
import { gapRanges } from '../../src/read-model/gap-ranges.js';
import { bucketTimeline } from '../../src/read-model/timeline-buckets.js';
import type { DayState, GapCause, TimelineDay, TimelineRow } from '../../src/read-model/timeline.js';

const DAY = 86_400_000;

/** The test's own calendar: the UTC day `n` days after `from`. */
function dayAfter(from: string, n: number): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

type Spec = DayState | [DayState, GapCause, string?];

/** A timeline row from `from`, one spec per day: a state, or a state with its cause (and detail). */
function row(label: string, from: string, specs: Spec[]): TimelineRow {
  const days: TimelineDay[] = specs.map((spec, i) => {
    const [state, cause, detail] = typeof spec === 'string' ? [spec] : spec;
    const day = dayAfter(from, i);
    return cause ? { day, state, freshHours: state === 'partial' ? 6 : 0, cause, detail: detail ?? `${cause} detail` } : { day, state, freshHours: 24 };
  });
  const count = (s: DayState) => specs.filter((spec) => (typeof spec === 'string' ? spec : spec[0]) === s).length;
  return { label, days, freshDays: count('fresh'), partialDays: count('partial'), gapDays: count('gap') };
}

const freshRow = (from: string, n: number, label = 'device-inventory') =>
  row(
    label,
    from,
    Array.from({ length: n }, (): Spec => 'fresh'),
  );

describe('timeline buckets', () => {
  it.each([
    [1, 'day'],
    [30, 'day'],
    [62, 'day'],
    [63, 'week'],
    [200, 'week'],
    [201, 'month'],
    [365, 'month'],
    [731, 'month'],
  ] as const)('draws a %i-day period per %s', (days, unit) => {
    const timeline = bucketTimeline([freshRow('2026-01-05', days)]);
    expect(timeline.unit).toBe(unit);
    // The test's own count of distinct days, ISO weeks (Mondays) and months the period touches.
    const all = Array.from({ length: days }, (_, i) => dayAfter('2026-01-05', i));
    const expected =
      unit === 'day'
        ? days
        : unit === 'week'
          ? all.filter((d, i) => i === 0 || new Date(`${d}T00:00:00Z`).getUTCDay() === 1).length
          : new Set(all.map((d) => d.slice(0, 7))).size;
    expect(timeline.rows[0]!.buckets).toHaveLength(expected);
    expect(timeline.rows[0]!.buckets.reduce((sum, b) => sum + b.days.fresh, 0)).toBe(days);
  });

  it('counts 13 months for a 365-day period that starts after the 1st, 25 for 731 days', () => {
    expect(bucketTimeline([freshRow('2025-03-15', 365)]).rows[0]!.buckets.map((b) => b.key)).toEqual([
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    const months = bucketTimeline([freshRow('2024-03-15', 731)]).rows[0]!.buckets;
    expect(months).toHaveLength(25);
    expect(months[0]).toMatchObject({ key: '2024-03', from: '2024-03-15', to: '2024-03-31', days: { fresh: 17 } });
    expect(months[1]).toMatchObject({ key: '2024-04', from: '2024-04-01', to: '2024-04-30', days: { fresh: 30 } });
    expect(months[24]).toMatchObject({ key: '2026-03', from: '2026-03-01', to: '2026-03-15', days: { fresh: 15 } });
  });

  it('numbers ISO weeks across a year end: Monday-based, in the year of their Thursday', () => {
    // Calendar facts: 2020-12-28 is a Monday in 2020-W53; 2021-01-04 starts 2021-W01;
    // 2024-12-30 (a Monday) starts 2025-W01; 2025-12-29 starts 2026-W01 (1 January 2026 is a Thursday).
    const weeks = (from: string, n: number) => bucketTimeline([freshRow(from, n)]).rows[0]!.buckets.map((b) => [b.key, b.from, b.to]);
    expect(weeks('2020-12-24', 70).slice(0, 3)).toEqual([
      ['2020-W52', '2020-12-24', '2020-12-27'],
      ['2020-W53', '2020-12-28', '2021-01-03'],
      ['2021-W01', '2021-01-04', '2021-01-10'],
    ]);
    expect(weeks('2024-12-23', 70).slice(0, 3)).toEqual([
      ['2024-W52', '2024-12-23', '2024-12-29'],
      ['2025-W01', '2024-12-30', '2025-01-05'],
      ['2025-W02', '2025-01-06', '2025-01-12'],
    ]);
    expect(weeks('2025-12-22', 70).slice(0, 2)).toEqual([
      ['2025-W52', '2025-12-22', '2025-12-28'],
      ['2026-W01', '2025-12-29', '2026-01-04'],
    ]);
  });

  it('colours a bucket by its worst day: gap over partial over fresh, future only when every day is', () => {
    // 2026-03-02 is a Monday; 10 weeks so that the period is drawn per week.
    const weekOf = (specs: Spec[]) => [...specs, ...Array.from({ length: 7 - specs.length }, (): Spec => 'fresh')];
    const specs: Spec[] = [
      ...weekOf(['fresh']),
      ...weekOf([['partial', 'expired']]),
      ...weekOf([
        ['partial', 'no_run'],
        ['gap', 'failed_run'],
        ['gap', 'failed_run'],
      ]),
      ...weekOf(['future', 'future']),
      ...Array.from({ length: 7 }, (): Spec => 'future'),
      ...weekOf([['gap', 'no_run']]),
      ...Array.from({ length: 28 }, (): Spec => 'fresh'),
    ];
    const buckets = bucketTimeline([row('device-inventory', '2026-03-02', specs)]).rows[0]!.buckets;
    expect(buckets.map((b) => b.state)).toEqual(['fresh', 'partial', 'gap', 'fresh', 'future', 'gap', 'fresh', 'fresh', 'fresh', 'fresh']);
    expect(buckets[2]).toMatchObject({
      key: '2026-W12',
      from: '2026-03-16',
      to: '2026-03-22',
      days: { fresh: 4, partial: 1, gap: 2, future: 0 },
      causes: { failed_run: 2, expired: 0, no_run: 1 },
    });
    expect(buckets[3]!.days).toEqual({ fresh: 5, partial: 0, gap: 0, future: 2 });
    expect(bucketTitle('device-inventory', buckets[2]!)).toBe(
      '2026-W12 (2026-03-16 to 2026-03-22) device-inventory: 4 fresh, 1 partly fresh, 2 without fresh evidence (failed run 2, expired 0, no run 1)',
    );
    expect(bucketTitle('all', buckets[4]!)).toBe('2026-W14 (2026-03-30 to 2026-04-05) all types: 7 not yet');
  });

  it('fits a year or two in under 1,100 px with at most 60 cells a row, and keeps a month readable', () => {
    const rows = (from: string, n: number) => [freshRow(from, n), freshRow(from, n, 'mdm-enrollment'), freshRow(from, n, 'all')];
    for (const [from, n] of [
      ['2025-03-15', 365],
      ['2024-03-15', 731],
      ['2026-01-05', 200],
      ['2026-01-05', 62],
      ['2026-01-05', 30],
    ] as const) {
      const svg = timelineSvg(rows(from, n)).value;
      const width = Number(/<svg class="timeline"[^>]* width="(\d+)"/.exec(svg)![1]);
      expect(width, `${n} days`).toBeLessThanOrEqual(1100);
      const cells = [...svg.matchAll(/<rect x="[\d.]+" y="(\d+)" width="(\d+)"/g)];
      const perRow = [...new Set(cells.map((c) => c[1]))].map((y) => cells.filter((c) => c[1] === y).length);
      expect(perRow, `${n} days`).toHaveLength(3);
      for (const count of perRow) expect(count, `${n} days`).toBeLessThanOrEqual(n <= 62 ? n : 60);
      if (n === 30) expect(Number(cells[0]![2])).toBeGreaterThanOrEqual(12);
    }
    const year = timelineSvg(rows('2025-03-15', 365)).value;
    expect(year).toContain('aria-label="Freshness per month"');
    for (const label of ['>Mar<', '>Jan<', '>2025<', '>2026<']) expect(year).toContain(label);
  });
});

describe('gap ranges', () => {
  it('merges consecutive days of one row with the same state and cause, and splits on another state, cause or a fresh day', () => {
    const inventory = row('device-inventory', '2026-03-01', [
      'fresh',
      ['partial', 'expired', 'the device-inventory evidence expired at 2026-03-02T06:00:00.000Z and no run replaced it'],
      ['gap', 'no_run', 'no collection ran'],
      ['gap', 'no_run', 'no collection ran'],
      ['gap', 'no_run', 'no collection ran'],
      ['gap', 'failed_run', 'run r1 failed'],
      ['gap', 'failed_run', 'run r2 failed'],
      ['partial', 'failed_run', 'run r3 failed'],
      'fresh',
      ['gap', 'no_run', 'no collection ran'],
      'fresh',
      ['gap', 'no_run', 'no collection ran'],
      'future',
    ]);
    const mdm = row('mdm-enrollment', '2026-03-01', [
      ['gap', 'no_run', 'x'],
      ['gap', 'no_run', 'x'],
      'fresh',
      'fresh',
      'fresh',
      'fresh',
      'fresh',
      'fresh',
      'fresh',
      'fresh',
      'fresh',
      'fresh',
      'future',
    ]);
    const ranges = gapRanges([inventory, mdm]);
    expect(ranges.map((r) => [r.label, r.from, r.to, r.days, r.state, r.cause, r.otherDetails])).toEqual([
      ['device-inventory', '2026-03-02', '2026-03-02', 1, 'partial', 'expired', 0],
      ['device-inventory', '2026-03-03', '2026-03-05', 3, 'gap', 'no_run', 0],
      ['device-inventory', '2026-03-06', '2026-03-07', 2, 'gap', 'failed_run', 1],
      ['device-inventory', '2026-03-08', '2026-03-08', 1, 'partial', 'failed_run', 0],
      ['device-inventory', '2026-03-10', '2026-03-10', 1, 'gap', 'no_run', 0],
      ['device-inventory', '2026-03-12', '2026-03-12', 1, 'gap', 'no_run', 0],
      ['mdm-enrollment', '2026-03-01', '2026-03-02', 2, 'gap', 'no_run', 0],
    ]);
    expect(ranges.reduce((sum, r) => sum + r.days, 0)).toBe(inventory.partialDays + inventory.gapDays + mdm.partialDays + mdm.gapDays);
    expect(gapRangeText(ranges[0]!)).toBe(
      '2026-03-02 (1 day) device-inventory: fresh part of the day — expired: the device-inventory evidence expired at 2026-03-02T06:00:00.000Z and no run replaced it',
    );
    expect(gapRangeText(ranges[1]!)).toBe('2026-03-03 to 2026-03-05 (3 days) device-inventory: no fresh evidence — no run: no collection ran');
    expect(gapRangeText(ranges[2]!)).toBe(
      '2026-03-06 to 2026-03-07 (2 days) device-inventory: no fresh evidence — failed run: run r1 failed (first day; 1 other explanation on later days)',
    );
  });

  it('makes a year of one long gap per type a line per type', () => {
    const long = (label: string) =>
      row(
        label,
        '2025-01-01',
        Array.from({ length: 365 }, (): Spec => ['gap', 'no_run', `no ${label} run`]),
      );
    const ranges = gapRanges([long('device-inventory'), long('mdm-enrollment'), long('all')]);
    expect(ranges.map((r) => [r.label, r.from, r.to, r.days])).toEqual([
      ['device-inventory', '2025-01-01', '2025-12-31', 365],
      ['mdm-enrollment', '2025-01-01', '2025-12-31', 365],
      ['all', '2025-01-01', '2025-12-31', 365],
    ]);
  });
});
