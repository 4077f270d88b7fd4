/**
 * The problems list, the verdict and the one-line summary, all derived from the checks. A problem (severity error)
 * means the collection cannot produce complete evidence; a warning leaves it complete but deserves a look.
 */
import { FAILURES } from '../failures/index.js';
import { deniedRouteName, endpoint, readEndpointLine, SOURCE_NAMES } from '../iru/index.js';
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
    const unused = unusedPath(row.endpoint);
    if (unused && (row.status === 'denied' || (row.status === 'error' && row.httpStatus !== 429))) {
      add('fallback_unavailable', 'warning', `${row.message}. ${unused}`, row.remedy, row.endpoint);
      continue;
    }
    const route = row.status === 'denied' ? deniedRoute(row, rows) : null;
    if (route) add('permission_denied_rerouted', 'warning', `${row.message}. ${route}`, row.remedy, row.endpoint);
    else if (row.status === 'denied')
      add(FAILURES.permission_denied.code, 'error', `${row.message}. ${row.impact?.summary ?? ''}`.trim(), row.remedy, row.endpoint);
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

/** An endpoint that is only another path to a source, which the plan takes only when a previous run shows it cheaper: why its loss costs no evidence. */
function unusedPath(name: string): string | null {
  const source = endpoint(name).alternativeTo;
  if (!source) return null;
  return (
    `The collector reads ${source} through ${readEndpointLine(source)}, so no evidence is lost; only the per-device path it may take ` +
    `instead, when a previous run shows it cheaper, is unavailable`
  );
}

/** A permission denied with 403 whose signal the collector reads through the source's denied route (its endpoint readable): why the evidence stays complete. */
function deniedRoute(row: PermissionRow, rows: PermissionRow[]): string | null {
  const route = (SOURCE_NAMES as readonly string[]).includes(row.endpoint) ? endpoint(row.endpoint).onDenied : undefined;
  if (!route || row.httpStatus !== 403 || rows.find((r) => r.endpoint === route.endpoint)?.status !== 'granted') return null;
  return `The collector reads the same signal through ${readEndpointLine(row.endpoint, deniedRouteName(route))} instead, so the evidence stays complete`;
}

export function verdictOf(host: HostCheck, auth: AuthCheck, problems: Problem[]): Verdict {
  if (host.status !== 'ok') return 'unreachable';
  if (auth.status === 'rejected') return 'token_rejected';
  if (problems.some((p) => p.severity === 'error')) return 'problems';
  return problems.some((p) => p.severity === 'warning') ? 'warnings' : 'healthy';
}

const SUMMARY_HEAD: Record<'healthy' | 'warnings' | 'problems', (warnings: number) => string> = {
  healthy: () => 'No problems found',
  warnings: (n) => `No problems found, ${n} warning(s)`,
  problems: () => 'Problems found',
};

export function summaryOf(verdict: Verdict, host: HostCheck, auth: AuthCheck, rows: PermissionRow[], cost: CostEstimate | null, problems: Problem[]): string {
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
  const head = SUMMARY_HEAD[verdict](problems.filter((p) => p.severity === 'warning').length);
  const token = auth.status === 'ok' ? 'token accepted' : 'token not checked';
  return `${head}: ${token}; ${parts.join('; ')}.${cost ? ` ${cost.message}` : ''}`;
}
