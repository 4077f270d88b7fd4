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

const CELL = 12;
const LABEL_WIDTH = 170;

/** One row per artifact type (and one combining them), one cell per day, coloured by state with the cause as tooltip. */
export function timelineSvg(rows: TimelineRow[]): SafeHtml {
  const days = rows[0]?.days ?? [];
  const width = LABEL_WIDTH + days.length * CELL;
  const height = rows.length * (CELL + 4) + 18;
  const last = days.length - 1;
  const ticks = days.map((d, i) =>
    i === 0 || i === last || (d.day.endsWith('-01') && i > 3 && i < last - 3)
      ? html`<text x="${LABEL_WIDTH + (i === last ? (i + 1) * CELL : i * CELL)}" y="${height - 4}" font-size="9" fill="#555"${i === last ? html` text-anchor="end"` : null}>${d.day.slice(5)}</text>`
      : null,
  );
  const body = rows.map((row, r) => {
    const y = r * (CELL + 4);
    const cells = row.days.map(
      (d, i) =>
        html`<rect x="${LABEL_WIDTH + i * CELL}" y="${y}" width="${CELL - 1}" height="${CELL}" fill="${TONES[d.state]}"><title>${dayTitle(row.label, d)}</title></rect>`,
    );
    return html`<text x="0" y="${y + CELL - 2}" font-size="11" fill="#222">${row.label === 'all' ? 'all types' : row.label}</text>${cells}`;
  });
  return html`<svg class="timeline" role="img" aria-label="Freshness per day" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}${ticks}</svg>`;
}

export function dayTitle(label: string, day: TimelineDay): string {
  const head = `${day.day} ${label === 'all' ? 'all types' : label}: ${day.state}`;
  if (day.state === 'fresh' || day.state === 'future') return head;
  return `${head} (${day.freshHours} h fresh); ${CAUSE_TEXT[day.cause ?? 'no_run']}: ${day.detail ?? ''}`;
}

export const CAUSE_TEXT = { failed_run: 'failed run', expired: 'expired', no_run: 'no run' } as const;

export function timelineLegend(): SafeHtml {
  const item = (tone: Tone, label: string) =>
    html`<span class="legend-item"><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${TONES[tone]}"></rect></svg> ${label}</span>`;
  return html`<p class="legend">${item('fresh', 'fresh all day')} ${item('partial', 'fresh part of the day')} ${item('gap', 'no fresh evidence')} ${item('future', 'not yet')}</p>`;
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
