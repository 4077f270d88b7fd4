import { FAILURES } from '../failures/index.js';
import { describePermission, type EndpointEntry } from '../iru/index.js';
import type { SourceError } from '../store/index.js';

/** A source whose endpoint's GET permission the token lacks: names the permission and where to grant it. */
export function permissionDenied(entry: EndpointEntry, status: number): SourceError {
  return {
    code: FAILURES.permission_denied.code,
    message: `The API token lacks the GET permission ${describePermission(entry)}; Iru answered ${status}.`,
    remedy:
      `In Iru, open Access > API tokens, edit this token's Permissions and enable ${entry.permission.label} ` +
      `under ${entry.permission.heading} > ${entry.permission.section}.`,
  };
}

/** A source of a product the tenant does not have: not applicable, not a failure. */
export function notEntitled(entry: EndpointEntry): SourceError {
  return { code: FAILURES.not_entitled.code, message: `The tenant has no ${entry.entitlement} (Iru answered 404 for ${entry.path}).` };
}
