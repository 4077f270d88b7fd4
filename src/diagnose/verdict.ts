/** The problems list, the verdict and the one-line summary, all derived from the checks. */
import { FAILURES } from '../failures/index.js';
import type { AuthCheck, CostEstimate, HostCheck, PermissionRow, Problem, Verdict } from './types.js';

/** `stoppedEarly`: why the probe halted before asking every endpoint (the tenant's quota), if it did. */
export function listProblems(host: HostCheck, auth: AuthCheck, rows: PermissionRow[], cost: CostEstimate | null, stoppedEarly: string | null): Problem[] {
  const problems: Problem[] = [];
  const add = (code: string, severity: Problem['severity'], message: string, remedy: string | null, endpoint: string | null = null) =>
    problems.push({ code, severity, message, remedy, endpoint });
  if (host.status !== 'ok') add(`host_${host.status}`, 'error', host.message, host.remedy);
  if (auth.status === 'rejected') add(FAILURES.token_rejected.code, 'error', auth.message, auth.remedy);
  if (host.status === 'ok' && auth.status === 'not_checked') add('token_not_checked', 'error', auth.message, auth.remedy);
  if (host.status !== 'ok' || auth.status === 'rejected') return problems;
  for (const row of rows) {
    if (row.status === 'denied') add(FAILURES.permission_denied.code, 'error', `${row.message}. ${row.impact?.summary ?? ''}`.trim(), row.remedy, row.endpoint);
    if (row.status === 'not_entitled') add(FAILURES.not_entitled.code, 'info', `${row.message}. ${row.impact?.summary ?? ''}`.trim(), row.remedy, row.endpoint);
    if (row.status === 'error' && row.httpStatus !== 429) add('endpoint_error', 'error', row.message, row.remedy, row.endpoint);
  }
  if (stoppedEarly) {
    const skipped = rows.filter((r) => r.status === 'not_probed' && r.message.includes(stoppedEarly)).length;
    add(
      'probe_stopped',
      'warning',
      `The check stopped early: ${stoppedEarly}. ${skipped} endpoint(s) were not probed.`,
      "Test again after the hourly window resets, or when the tenant's other API clients are quieter.",
    );
  }
  if (cost?.waitsForNextWindow) {
    const low = cost.remainingThisHour !== null && cost.remainingThisHour < cost.requests;
    add(
      low ? 'quota_low' : 'over_budget',
      'warning',
      cost.message,
      low
        ? 'Collect later in the hour window, or find which other API client spends the quota (Access > API tokens > Activity).'
        : 'Raise the share (IRU_EVIDENCE_BUDGET_SHARE) if the tenant has no other API clients, or accept a collection that spans several hours.',
    );
  }
  return problems;
}

export function verdictOf(host: HostCheck, auth: AuthCheck, problems: Problem[]): Verdict {
  if (host.status !== 'ok') return 'unreachable';
  if (auth.status === 'rejected') return 'token_rejected';
  return problems.some((p) => p.severity !== 'info') ? 'problems' : 'healthy';
}

export function summaryOf(verdict: Verdict, host: HostCheck, auth: AuthCheck, rows: PermissionRow[], cost: CostEstimate | null): string {
  if (verdict === 'unreachable') return host.message;
  if (verdict === 'token_rejected') return auth.message;
  const count = (status: PermissionRow['status']) => rows.filter((r) => r.status === status);
  const notEntitled = count('not_entitled').map((r) => r.endpoint);
  const parts = [`${count('granted').length} of ${rows.length} endpoints readable`];
  if (count('denied').length)
    parts.push(
      `${count('denied').length} missing permission(s): ${count('denied')
        .map((r) => r.endpoint)
        .join(', ')}`,
    );
  if (count('error').length) parts.push(`${count('error').length} endpoint error(s)`);
  if (notEntitled.length) parts.push(`not entitled: ${notEntitled.join(', ')}`);
  const head = verdict === 'healthy' ? 'Healthy' : 'Problems found';
  const token = auth.status === 'ok' ? 'token accepted' : 'token not checked';
  return `${head}: ${token}; ${parts.join('; ')}.${cost ? ` ${cost.message}` : ''}`;
}
