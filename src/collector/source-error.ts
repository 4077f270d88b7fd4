import type { SourceError } from './run-summary.js';

/** Failure types after which trying the same activity again cannot help. */
export const PERMANENT_FAILURES: readonly string[] = [
  'UNKNOWN_SOURCE',
  'IRU_INVALID_RESPONSE',
  'IRU_UNAUTHORIZED',
  'IRU_FORBIDDEN',
  'IRU_REQUEST_REFUSED',
  'IRU_HTTP_ERROR',
  'CONNECTION_NOT_FOUND',
  'ArtifactSchemaError',
];

/** What an admin reads about a source that was not collected: the failure as code, message and remedy. */
export function sourceError(type: string | undefined, message: string): SourceError {
  switch (type) {
    case 'IRU_UNAUTHORIZED':
      return {
        code: 'unauthorized',
        message: `Iru rejected the API token (401 Unauthorized): it is invalid, revoked or expired. ${message}`,
        remedy: 'In Iru, open Access > API tokens, create a token (it is shown only once), grant it GET permissions, and save it with `iru-evidence connect`.',
      };
    case 'IRU_RATE_LIMITED':
      return { code: 'rate_limited', message, remedy: 'The tenant hourly quota (10,000 requests) is exhausted; the next scheduled collection will retry.' };
    case 'IRU_INVALID_RESPONSE':
      return { code: 'invalid_response', message };
    case 'IRU_INCOMPLETE_LIST':
      return {
        code: 'incomplete_list',
        message,
        remedy: 'Rows moved while the list was read, or Iru ended it before its count; the next collection reads it again. If it persists, report it with this message.',
      };
    case 'IRU_REQUEST_REFUSED':
      return { code: 'request_refused', message };
    case 'IRU_BUDGET_UNAVAILABLE':
      return {
        code: 'budget_unavailable',
        message,
        remedy: "Check that Redis (REDIS_URL) is running and reachable from every worker; the next collection retries. Without it no request is sent, rather than risk exceeding the tenant's share.",
      };
    default:
      return { code: 'transient', message };
  }
}
