import type { GapRange } from '../read-model/gap-ranges.js';
import { bucketTimeline, type BucketUnit, type TimelineBucket } from '../read-model/timeline-buckets.js';
import type { TimelineDay, TimelineRow } from '../read-model/timeline.js';
import { html, type SafeHtml } from './html.js';

/** Colours as SVG presentation attributes, so pictures need no stylesheet (the offline package index uses them too). */
export const TONES = {
  fresh: '#2e7d32',
  pass: '#2e7d32',
  due: '#f9a825',
  partial: '#f9a825',
  not_evaluable: '#8d6e63',
  fail: '#c62828',
  excepted: '#6a1b9a',
  gap: '#c62828',
  stale: '#c62828',
  missing: '#9e9e9e',
  not_applicable: '#bdbdbd',
  future: '#eeeeee',
} as const;
export type Tone = keyof typeof TONES;

export interface BarSegment {
  label: string;
  value: number;
  tone: Tone;
}

/** A horizontal stacked bar with a tooltip per segment and the values written out beside it for screen readers. */
export function stackedBar(title: string, segments: BarSegment[], width = 160, height = 14): SafeHtml {
  const total = segments.reduce((sum, s) => sum + s.value, 0);
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const w = total === 0 ? 0 : (s.value / total) * width;
      const rect = html`<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="${height}" fill="${TONES[s.tone]}"><title>${s.label}: ${s.value}</title></rect>`;
      x += w;
      return rect;
    });
  const text = segments.map((s) => `${s.label} ${s.value}`).join(', ');
  return html`<span class="bar"><svg role="img" aria-label="${title}: ${text}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect x="0" y="0" width="${width}" height="${height}" fill="${TONES.future}"></rect>${rects}</svg> <span class="bar-text">${text}</span></span>`;
}

const CELL_HEIGHT = 12;
const LABEL_WIDTH = 170;
/** Cells share this width, so the picture fits a narrow page (about 1,070 px wide at most) whatever the period. */
const PLOT_WIDTH = 900;
const MAX_CELL_WIDTH = { day: 24, week: 40, month: 64 } as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * One row per artifact type (and one combining them), one cell per day, ISO week or month by the period's length,
 * coloured by the worst state of its days, with the days of each state and their causes as tooltip.
 */
export function timelineSvg(rows: TimelineRow[]): SafeHtml {
  const { unit, rows: bucketed } = bucketTimeline(rows);
  const buckets = bucketed[0]?.buckets ?? [];
  const cell = Math.max(4, Math.min(MAX_CELL_WIDTH[unit], Math.floor(PLOT_WIDTH / Math.max(1, buckets.length))));
  const ticks = timelineTicks(unit, buckets, cell);
  const lines = Math.max(1, ...ticks.map((t) => t.line + 1));
  const rowsHeight = rows.length * (CELL_HEIGHT + 4);
  const width = LABEL_WIDTH + buckets.length * cell;
  const height = rowsHeight + 4 + lines * 12;
  const body = bucketed.map((row, r) => {
    const y = r * (CELL_HEIGHT + 4);
    const cells = row.buckets.map(
      (b, i) =>
        html`<rect x="${LABEL_WIDTH + i * cell}" y="${y}" width="${cell - 1}" height="${CELL_HEIGHT}" fill="${TONES[b.state]}"><title>${
          unit === 'day' ? dayTitle(row.label, rows[r]!.days[i]!) : bucketTitle(row.label, b)
        }</title></rect>`,
    );
    return html`<text x="0" y="${y + CELL_HEIGHT - 2}" font-size="11" fill="#222">${rowName(row.label)}</text>${cells}`;
  });
  const labels = ticks.map(
    (t) =>
      html`<text x="${LABEL_WIDTH + t.x}" y="${rowsHeight + 10 + t.line * 12}" font-size="9" fill="#555"${t.end ? html` text-anchor="end"` : null}>${t.text}</text>`,
  );
  return html`<svg class="timeline" role="img" aria-label="Freshness per ${unit}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}${labels}</svg>`;
}

interface Tick {
  x: number;
  text: string;
  line: number;
  end?: boolean;
}

/**
 * Axis labels. Days: the first and last day and each month's first day (MM-DD). Weeks: the month's name where a week
 * starts in a new month. Months: every month's name. Weeks and months add the year on a second line where it starts.
 * A label that would overlap the one before on its line is left out.
 */
function timelineTicks(unit: BucketUnit, buckets: TimelineBucket[], cell: number): Tick[] {
  const last = buckets.length - 1;
  const candidates: Tick[] =
    unit === 'day'
      ? buckets.flatMap((b, i) => (i === 0 || b.from.endsWith('-01') ? [{ x: i * cell, text: b.from.slice(5), line: 0 }] : []))
      : buckets.flatMap((b, i) => {
          const month = b.from.slice(0, 7);
          const previous = buckets[i - 1]?.from;
          const newMonth = unit === 'month' || previous?.slice(0, 7) !== month;
          const newYear = previous?.slice(0, 4) !== month.slice(0, 4);
          return [
            ...(newMonth ? [{ x: i * cell + 1, text: MONTHS[Number(month.slice(5)) - 1]!, line: 0 }] : []),
            ...(newYear ? [{ x: i * cell + 1, text: month.slice(0, 4), line: 1 }] : []),
          ];
        });
  const kept: Tick[] = [];
  const lastDay = unit === 'day' && last >= 0 ? { x: (last + 1) * cell, text: buckets[last]!.to.slice(5), line: 0, end: true } : undefined;
  for (const tick of candidates) {
    const before = kept.filter((k) => k.line === tick.line).pop();
    const clearOfLast = !lastDay || tick.x + textWidth(tick.text) + 4 <= lastDay.x - textWidth(lastDay.text);
    if ((!before || before.x + textWidth(before.text) + 4 <= tick.x) && clearOfLast) kept.push(tick);
  }
  return lastDay && last > 0 ? [...kept, lastDay] : kept;
}

/** Roughly, at font-size 9. */
function textWidth(text: string): number {
  return text.length * 5.5;
}

function rowName(label: string): string {
  return label === 'all' ? 'all types' : label;
}

/** e.g. "2026-W14 (2026-03-30 to 2026-04-05) device-inventory: 5 fresh, 2 without fresh evidence (failed run 2, expired 0, no run 0)". */
export function bucketTitle(label: string, bucket: TimelineBucket): string {
  const { days, causes } = bucket;
  const counts = [
    [days.fresh, 'fresh'],
    [days.partial, 'partly fresh'],
    [days.gap, 'without fresh evidence'],
    [days.future, 'not yet'],
  ] as const;
  const text = counts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
  const why =
    days.partial + days.gap > 0 ? ` (${(Object.keys(CAUSE_TEXT) as (keyof typeof CAUSE_TEXT)[]).map((c) => `${CAUSE_TEXT[c]} ${causes[c]}`).join(', ')})` : '';
  const span = bucket.from === bucket.to ? '' : ` (${bucket.from} to ${bucket.to})`;
  return `${bucket.key}${span} ${rowName(label)}: ${text}${why}`;
}

export function dayTitle(label: string, day: TimelineDay): string {
  const head = `${day.day} ${rowName(label)}: ${day.state}`;
  if (day.state === 'fresh' || day.state === 'future') return head;
  return `${head} (${day.freshHours} h fresh); ${CAUSE_TEXT[day.cause ?? 'no_run']}: ${day.detail ?? ''}`;
}

export const CAUSE_TEXT = { failed_run: 'failed run', expired: 'expired', no_run: 'no run' } as const;

/** One cell per day, or per week or month where each cell shows its worst day. */
export function timelineLegend(unit: BucketUnit = 'day'): SafeHtml {
  const item = (tone: Tone, label: string) =>
    html`<span class="legend-item"><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${TONES[tone]}"></rect></svg> ${label}</span>`;
  const scale =
    unit === 'day'
      ? null
      : html` <span class="legend-item">One cell per ${unit === 'week' ? 'ISO week (Monday to Sunday, UTC)' : 'calendar month (UTC)'}, coloured by its worst day; hover a cell for its days.</span>`;
  const [fresh, partial, gap] =
    unit === 'day'
      ? ['fresh all day', 'fresh part of the day', 'no fresh evidence']
      : ['fresh every day', 'partly fresh at worst', 'a day without fresh evidence'];
  return html`<p class="legend">${item('fresh', fresh)} ${item('partial', partial)} ${item('gap', gap)} ${item('future', 'not yet')}${scale}</p>`;
}

/** e.g. "2026-03-02 to 2026-03-19 (18 days) device-inventory: no fresh evidence — expired: the device-inventory evidence expired at …". */
export function gapRangeText(range: GapRange): string {
  const dates = range.days === 1 ? `${range.from} (1 day)` : `${range.from} to ${range.to} (${range.days} days)`;
  const others = range.otherDetails > 0 ? ` (first day; ${range.otherDetails} other explanation${range.otherDetails === 1 ? '' : 's'} on later days)` : '';
  const state = range.state === 'gap' ? 'no fresh evidence' : range.days === 1 ? 'fresh part of the day' : 'fresh part of each day';
  return `${dates} ${rowName(range.label)}: ${state} — ${CAUSE_TEXT[range.cause]}: ${range.detail}${others}`;
}

const TREND = { width: 720, height: 170, left: 40, right: 12, top: 10, bottom: 22 } as const;

/**
 * The pass rate per day as a line (0 to 100 %), broken where a day had no valid evidence, with the first and last day
 * and month starts marked. Each day's point carries its figures as a tooltip.
 */
export function trendSvg(points: { day: string; passRate: number | null; pass: number; fail: number; excepted: number }[]): SafeHtml {
  const { width, height, left, right, top, bottom } = TREND;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  const x = (i: number) => (left + (points.length > 1 ? i * step : plotW / 2)).toFixed(1);
  const y = (rate: number) => (top + (1 - rate) * plotH).toFixed(1);
  const runs: string[][] = [];
  let run: string[] = [];
  points.forEach((p, i) => {
    if (p.passRate === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(`${x(i)},${y(p.passRate)}`);
  });
  if (run.length) runs.push(run);
  const grid = [0, 0.5, 1].map(
    (rate) =>
      html`<line x1="${left}" x2="${width - right}" y1="${y(rate)}" y2="${y(rate)}" stroke="#e5e7eb"></line><text x="${left - 6}" y="${Number(y(rate)) + 4}" font-size="10" fill="#555" text-anchor="end">${rate * 100}%</text>`,
  );
  const last = points.length - 1;
  const ticks = points.map((p, i) =>
    i === 0 || i === last || (p.day.endsWith('-01') && i > 2 && i < last - 2)
      ? html`<text x="${x(i)}" y="${height - 6}" font-size="10" fill="#555" text-anchor="${i === 0 ? 'start' : i === last ? 'end' : 'middle'}">${p.day.slice(5)}</text>`
      : null,
  );
  const lines = runs.map((r) =>
    r.length === 1
      ? html`<circle cx="${r[0]!.split(',')[0]}" cy="${r[0]!.split(',')[1]}" r="2.5" fill="#1f2937"></circle>`
      : html`<polyline points="${r.join(' ')}" fill="none" stroke="#1f2937" stroke-width="2"></polyline>`,
  );
  const dots = points.map((p, i) =>
    p.passRate === null
      ? null
      : html`<circle cx="${x(i)}" cy="${y(p.passRate)}" r="5" fill="transparent"><title>${p.day}: ${(p.passRate * 100).toFixed(1)}% pass (${p.pass} pass, ${p.fail} fail${p.excepted > 0 ? `, ${p.excepted} excepted` : ''})</title></circle>`,
  );
  const known = points.filter((p) => p.passRate !== null);
  const summary = known.length
    ? `from ${(known[0]!.passRate! * 100).toFixed(1)}% on ${known[0]!.day} to ${(known[known.length - 1]!.passRate! * 100).toFixed(1)}% on ${known[known.length - 1]!.day}`
    : 'no evaluated evidence in the period';
  return html`<svg class="trend" role="img" aria-label="Pass rate per day: ${summary}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${grid}${lines}${dots}${ticks}</svg>`;
}
