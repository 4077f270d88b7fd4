/** The permission matrix: one row per catalog endpoint, from its probe, with the fix and the evidence at stake. */
import { ERROR_TYPES } from '../failures/index.js';
import { describePermission, type EndpointEntry } from '../iru/index.js';
import { evidenceImpact } from './impact.js';
import type { EndpointProbe } from './probe.js';
import type { AuthCheck, PermissionRow } from './types.js';

export function permissionRow(probe: EndpointProbe, auth: AuthCheck): PermissionRow {
  const { entry } = probe;
  const row = (status: PermissionRow['status'], message: string, extra: Partial<PermissionRow> = {}): PermissionRow => ({
    endpoint: entry.name,
    path: entry.path,
    probedPath: probe.probedPath,
    permission: { ...entry.permission },
    entitlement: entry.entitlement ?? null,
    status,
    httpStatus: probe.error && probe.error.status > 0 ? probe.error.status : probe.outcome === 'ok' ? 200 : null,
    errorCode: probe.error?.code ?? null,
    message,
    remedy: null,
    impact: null,
    ...extra,
  });
  const request = `GET ${probe.probedPath}`;

  if (probe.outcome === 'skipped') return row('not_probed', probe.skippedReason ?? 'not probed');
  if (probe.outcome === 'ok') return row('granted', `${request} answered 200${rowsNote(probe)}`);

  const error = probe.error!;
  const denied = (statusText: string, note = '') =>
    row('denied', `Iru answered ${statusText} for ${request}: the token lacks the GET permission ${describePermission(entry)}${note}`, {
      remedy: enableRemedy(entry),
      impact: evidenceImpact(entry.name, 'lost'),
    });
  switch (error.status) {
    case 401:
      if (auth.status === 'rejected') return row('error', `Iru answered 401 Unauthorized for ${request}: the token was rejected (see the token check)`);
      return denied(
        '401 Unauthorized',
        ', not a bad token: other routes accept the same token (official sources disagree whether a missing permission answers 401 or 403)',
      );
    case 403:
      return denied('403 Forbidden');
    case 404:
      if (entry.entitlement) {
        return row('not_entitled', `Iru answered 404 for ${request}: the tenant does not have ${entry.entitlement}, so there is nothing to collect`, {
          remedy: `Nothing to fix unless the tenant should have ${entry.entitlement}: its Artifacts are reported as not applicable, never as failed.`,
          impact: evidenceImpact(entry.name, 'not_applicable'),
        });
      }
      return row('error', `Iru answered 404 Not Found for ${request}, an endpoint every tenant has`, {
        remedy:
          'Check the base URL: the API is at https://<app>.api.kandji.io (US), .api.eu.kandji.io (EU), .api.iru.com or .api.eu.iru.com (Iru EU), ' +
          'without a path.',
      });
    case 429:
      return row('error', error.message, {
        remedy: "The tenant's hourly quota (10,000 requests, shared with its other API clients) is spent: test again after the wait Iru asked for.",
      });
    default:
      if (error.code === ERROR_TYPES.invalidResponse) {
        return row('error', error.message, {
          remedy:
            'The collector would reject this response too. Report it with this message; the collection of this source will fail until the shape is supported.',
        });
      }
      if (error.status >= 500) return row('error', error.message, { remedy: 'Iru had a server error: test again in a few minutes.' });
      return row('error', error.message, { remedy: 'Test again; if it persists, check the network path to the Iru API.' });
  }
}

/** Where on the Iru token screen to switch the permission on. */
export function enableRemedy(entry: EndpointEntry): string {
  const { heading, section, label, seen } = entry.permission;
  const unconfirmed = seen === 'unconfirmed' ? ` (the label is our reading of the API docs; search the Permissions screen for ${entry.path})` : '';
  return (
    `In Iru, open Access > API tokens, choose this token (⋮ > View) and, on its Permissions tab, enable GET "${label}" (${entry.path}) ` +
    `under ${heading} › ${section}${unconfirmed}.`
  );
}

function rowsNote(probe: EndpointProbe): string {
  if (probe.total !== null) return ` (${probe.total} in total)`;
  if (!probe.hasMore) return ` (${probe.rowsOnPage} in total)`;
  return '';
}
