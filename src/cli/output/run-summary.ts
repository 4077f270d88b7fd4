import type { RunSummary } from '../../store/index.js';

/** `collect` output: one JSON object for machines, a short report for people. */
export function printRunSummary(summary: RunSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const lines = [`Run ${summary.runId}: ${summary.status.toUpperCase()} (${summary.startedAt} -> ${summary.finishedAt})`, '', 'Sources:'];
  for (const source of summary.sources) {
    lines.push(
      `  ${source.name.padEnd(28)} ${source.status.padEnd(15)} ${String(source.records).padStart(7)} records ${String(source.requests).padStart(6)} requests`,
    );
    // A source read through another route because its own permission is denied: complete, and the permission is missing.
    for (const problem of [source.denied, source.error]) {
      if (!problem) continue;
      lines.push(`      ${problem === source.denied ? 'Permission missing: ' : ''}${problem.message}`);
      if (problem.remedy) lines.push(`      Fix: ${problem.remedy}`);
    }
  }
  lines.push('', 'Artifacts:');
  for (const artifact of summary.artifacts)
    lines.push(`  ${artifact.type.padEnd(28)} ${String(artifact.records).padStart(7)} records  ${artifact.id}  sha256 ${artifact.sha256.slice(0, 16)}…`);
  if (summary.artifacts.length === 0) lines.push('  (none)');
  for (const gap of summary.notEvaluable) lines.push(`  ${gap.type.padEnd(28)} not evaluable: ${gap.reason} (${gap.sources.join(', ')})`);
  if (summary.error) lines.push('', `Error: ${summary.error.message}`, ...(summary.error.remedy ? [`Fix: ${summary.error.remedy}`] : []));
  process.stdout.write(`${lines.join('\n')}\n`);
}
