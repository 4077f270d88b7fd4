import { formatCount, goneNote, nounFor } from '../../collector/live-progress.js';
import { formatDuration } from '../../diagnose/duration.js';
import type { RunSummary } from '../../store/index.js';

/** `collect` output: one JSON object for machines, a short report for people. */
export function printRunSummary(summary: RunSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const lines = [`Run ${summary.runId}: ${summary.status.toUpperCase()}, started ${humanTime(summary.startedAt)}, took ${took(summary)}`, '', 'Sources:'];
  for (const source of summary.sources) {
    lines.push(`  ${source.name.padEnd(28)} ${source.status.padEnd(15)} ${column(source.records, 'record')} ${column(source.requests, 'request')}`);
    // A source read through another route because its own permission is denied: complete, and the permission is missing.
    for (const problem of [source.denied, source.error]) {
      if (!problem) continue;
      lines.push(`      ${problem === source.denied ? 'Permission missing: ' : ''}${problem.message}`);
      if (problem.remedy) lines.push(`      Fix: ${problem.remedy}`);
    }
    if (source.gone) lines.push(`      ${goneNote(source.gone)}`);
  }
  lines.push('', 'Artifacts:');
  for (const artifact of summary.artifacts)
    lines.push(`  ${artifact.type.padEnd(28)} ${column(artifact.records, 'record')}  ${artifact.id}  sha256 ${artifact.sha256.slice(0, 16)}…`);
  if (summary.artifacts.length === 0) lines.push('  (none)');
  for (const gap of summary.notEvaluable) lines.push(`  ${gap.type.padEnd(28)} not evaluable: ${gap.reason} (${gap.sources.join(', ')})`);
  if (summary.error) lines.push('', `Error: ${summary.error.message}`, ...(summary.error.remedy ? [`Fix: ${summary.error.remedy}`] : []));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** 2026-11-01 14:03:09 UTC: an ISO time for people (every time here is UTC). */
export function humanTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function took(summary: RunSummary): string {
  const ms = Date.parse(summary.finishedAt) - Date.parse(summary.startedAt);
  return Number.isNaN(ms) ? 'unknown' : formatDuration(ms);
}

/** "      1 record ", "  2,000 records": counts aligned on their last digit. */
function column(n: number, noun: string): string {
  return `${formatCount(n).padStart(7)} ${nounFor(n, noun).padEnd(noun.length + 1)}`;
}
