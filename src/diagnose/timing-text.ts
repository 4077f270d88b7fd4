/** Collection timing as text for a terminal (`iru-evidence status`). */
import { formatDuration } from './duration.js';
import type { ConnectionTiming, RunTiming } from './timing.js';

export function timingText(t: ConnectionTiming): string {
  const run = (r: RunTiming | null) =>
    r ? `${r.status} at ${r.finishedAt ?? r.startedAt}${r.durationMs !== null ? ` (took ${formatDuration(r.durationMs)})` : ''}` : 'none';
  const lines = [
    `Connection ${t.connection.name} (${t.connection.baseUrl}): ${t.connection.status}${t.connection.statusReason ? `, ${t.connection.statusReason}` : ''}`,
    `Last run:                 ${run(t.lastRun)}${t.lastRun?.error ? `: ${t.lastRun.error.message}` : ''}`,
    `Last successful sync:     ${run(t.lastSuccessfulSync)}`,
    ...(t.running ? [`Running now:              ${t.running.runId}, started ${t.running.startedAt}`] : []),
    `Next scheduled run:       ${t.nextRun.at ?? 'none scheduled'}`,
    `Waiting on rate limits:   ${formatDuration(t.rateLimitWaitMs)} in the last run`,
  ];
  if (t.sources.length) {
    lines.push('', 'Sources (last run):');
    for (const s of t.sources) {
      lines.push(
        `  ${s.name.padEnd(26)} ${s.status.padEnd(15)} ${String(s.records).padStart(7)} records ${String(s.requests).padStart(5)} ` +
          `requests ${formatDuration(s.durationMs).padStart(8)}${s.rateLimitWaitMs ? `, ${formatDuration(s.rateLimitWaitMs)} rate-limited` : ''}`,
      );
      if (s.error) lines.push(`      ${s.error.message}`);
    }
  }
  lines.push('', 'Artifacts:');
  for (const a of t.artifacts) lines.push(`  ${a.type.padEnd(26)} ${a.freshness.padEnd(6)} ${a.reason}`);
  for (const p of t.pending) lines.push(`  ${p.type.padEnd(26)} ${'-'.padEnd(6)} ${p.reason}`);
  if (!t.artifacts.length && !t.pending.length) lines.push('  (none)');
  return `${lines.join('\n')}\n`;
}
