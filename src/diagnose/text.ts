/** The Diagnosis as text for a terminal: the verdict, host, token, the permission matrix, the planned collection and its cost, then the problems and, apart, the warnings. */
import { formatDuration } from './duration.js';
import type { Diagnosis, PermissionRow } from './types.js';

const MARK: Record<PermissionRow['status'], string> = {
  granted: 'granted',
  denied: 'DENIED',
  not_entitled: 'not entitled',
  error: 'ERROR',
  not_probed: 'not probed',
};

export function diagnosisText(d: Diagnosis): string {
  const lines = [
    `Diagnosis of ${d.target.baseUrl} (token ${d.target.tokenFingerprint})`,
    d.verdict === 'token_rejected' || d.verdict === 'unreachable' ? `${d.verdict.toUpperCase().replace('_', ' ')}: ${d.summary}` : d.summary,
    '',
    `Host:  ${d.host.status === 'ok' ? 'ok' : d.host.status}  ${d.host.message}`,
    ...(d.host.remedy ? [`       Fix: ${d.host.remedy}`] : []),
    `Token: ${d.auth.status}  ${d.auth.message}`,
    ...(d.auth.remedy ? [`       Fix: ${d.auth.remedy}`] : []),
  ];
  if (d.host.status === 'ok' && d.auth.status !== 'rejected') {
    lines.push('', 'Permissions (GET):');
    for (const row of d.permissions) {
      lines.push(
        `  ${MARK[row.status].padEnd(12)} ${row.endpoint.padEnd(26)} ` + `${row.permission.heading} › ${row.permission.section} › ${row.permission.label}`,
      );
      if (row.status !== 'granted') lines.push(`               ${row.message}`);
      if (row.impact && row.status === 'denied') lines.push(`               ${row.impact.summary}`);
      if (row.remedy && row.status !== 'not_entitled') lines.push(`               Fix: ${row.remedy}`);
    }
  }
  if (d.cost) {
    lines.push('', 'Planned collection (requests per source, and the path read):');
    for (const s of d.cost.sources) {
      const via = s.via === s.source ? '' : ` via ${s.via}`;
      lines.push(`  ${s.source.padEnd(26)} ${String(s.requests).padStart(6)}  ${s.basis}${via}`);
    }
    if (d.cost.planningRequests) lines.push(`  ${'(planner counts)'.padEnd(26)} ${String(d.cost.planningRequests).padStart(6)}`);
    lines.push('', `Cost: ${d.cost.message}`);
    if (d.cost.remainingThisHour !== null)
      lines.push(`      The tenant has ${d.cost.remainingThisHour} of ${d.cost.limitThisHour ?? d.cost.hourlyQuota} requests left this hour.`);
  }
  for (const [severity, title] of [
    ['error', 'Problems (the evidence would be incomplete)'],
    ['warning', 'Warnings (the evidence stays complete)'],
  ] as const) {
    const listed = d.problems.filter((p) => p.severity === severity);
    if (!listed.length) continue;
    lines.push('', `${title}:`);
    for (const p of listed) lines.push(`  - ${p.message}`, ...(p.remedy ? [`    Fix: ${p.remedy}`] : []));
  }
  lines.push('', `This check sent ${d.probe.requests} request(s) to Iru (at most ${d.probe.maxRequests}) in ${formatDuration(d.probe.durationMs)}.`);
  return `${lines.join('\n')}\n`;
}
