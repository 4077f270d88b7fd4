/** The Diagnosis as text for a terminal: the verdict, host, token, the permission matrix, cost, and what to do. */
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
    d.verdict === 'healthy' || d.verdict === 'problems' ? d.summary : `${d.verdict.toUpperCase().replace('_', ' ')}: ${d.summary}`,
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
    lines.push('', `Cost: ${d.cost.message}`);
    if (d.cost.remainingThisHour !== null)
      lines.push(`      The tenant has ${d.cost.remainingThisHour} of ${d.cost.limitThisHour ?? d.cost.hourlyQuota} requests left this hour.`);
  }
  lines.push('', `This check sent ${d.probe.requests} request(s) to Iru (at most ${d.probe.maxRequests}) in ${formatDuration(d.probe.durationMs)}.`);
  return `${lines.join('\n')}\n`;
}
