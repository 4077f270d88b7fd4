/** The Diagnosis as an HTML fragment for the wizard page: verdict, problems, warnings, host, token, permission matrix, cost. Every value escaped. */
import type { Diagnosis, PermissionRow, Problem } from '../../diagnose/index.js';
import { escapeHtml as e } from './escape.js';
import { testOutcome } from './test-outcome.js';

const LABEL: Record<PermissionRow['status'], string> = {
  granted: 'Granted',
  denied: 'Denied',
  not_entitled: 'Not entitled',
  error: 'Error',
  not_probed: 'Not probed',
};

export function diagnosisHtml(d: Diagnosis): string {
  const check = (title: string, status: string, message: string, remedy: string | null) =>
    `<li class="check check-${e(status)}"><strong>${e(title)}: ${e(status.replace(/_/g, ' '))}</strong> ${e(message)}${remedy ? `<br><span class="remedy">Fix: ${e(remedy)}</span>` : ''}</li>`;
  const parts = [
    `<section class="diagnosis verdict-${e(d.verdict)}" data-verdict="${e(d.verdict)}" data-can-save="${d.canSave}">`,
    `<h2>${e(testOutcome(d).heading)}</h2>`,
    `<p class="summary">${e(d.summary)}</p>`,
    problemList(d.problems, 'error', 'Problems'),
    problemList(d.problems, 'warning', 'Warnings'),
    '<ul class="checks">',
    check('Host', d.host.status, d.host.message, d.host.remedy),
    check('Token', d.auth.status, d.auth.message, d.auth.remedy),
    '</ul>',
  ];
  if (d.host.status === 'ok' && d.auth.status !== 'rejected') parts.push(matrix(d.permissions));
  if (d.cost) parts.push(`<p class="cost">${e(d.cost.message)}</p>`);
  parts.push(`<p class="probe">This test sent ${d.probe.requests} request(s) to Iru.</p>`, '</section>');
  return parts.join('\n');
}

function matrix(rows: PermissionRow[]): string {
  const body = rows.map((r) => {
    const details = [
      r.status === 'granted' ? '' : e(r.message),
      r.impact ? `<span class="impact">${e(r.impact.summary)}</span>` : '',
      r.remedy ? `<span class="remedy">Fix: ${e(r.remedy)}</span>` : '',
    ]
      .filter(Boolean)
      .join('<br>');
    return `<tr class="perm perm-${e(r.status)}" data-endpoint="${e(r.endpoint)}" data-status="${e(r.status)}"><td>${e(r.permission.heading)} › ${e(r.permission.section)} › ${e(r.permission.label)}</td><td><code>GET ${e(r.path)}</code></td><td>${e(LABEL[r.status])}</td><td>${details}</td></tr>`;
  });
  return `<table class="permissions"><caption>GET permissions of this token</caption><thead><tr><th>Permission</th><th>Endpoint</th><th>Status</th><th>Details</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** The problems of one severity under their own heading; nothing when there are none. */
function problemList(problems: Problem[], severity: Problem['severity'], title: string): string {
  const listed = problems.filter((p) => p.severity === severity);
  if (!listed.length) return '';
  const items = listed.map((p) => `<li data-code="${e(p.code)}">${e(p.message)}${p.remedy ? `<br><span class="remedy">Fix: ${e(p.remedy)}</span>` : ''}</li>`);
  return `<section class="${severity === 'error' ? 'problems' : 'warnings'}"><h3>${e(title)}</h3><ul>${items.join('')}</ul></section>`;
}
