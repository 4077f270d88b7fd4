/**
 * Was the token accepted? Iru's own documents disagree on whether a missing permission answers 401 or 403, so a 401
 * alone proves nothing: the token is rejected only when no route accepted it and none answered 403 (a 403 means the
 * token was recognised). A 401 on some routes while others succeed is a permission gap.
 */
import type { EndpointProbe } from './probe.js';
import type { AuthCheck } from './types.js';

export const CREATE_TOKEN_REMEDY =
  'In Iru, click your name at the bottom of the left navigation, open Access > API tokens, Add Token, and copy it at once: ' +
  'it is shown only once. Then Configure its permissions (enable GET for every endpoint listed here) and enter the new token.';

export function checkAuth(probes: EndpointProbe[]): AuthCheck {
  const answeredWith = (code: number) => probes.filter((p) => p.error?.status === code).length;
  const granted = probes.filter((p) => p.outcome === 'ok').length;
  const unauthorized = answeredWith(401);
  const forbidden = answeredWith(403);
  if (granted + unauthorized + forbidden === 0) {
    return { status: 'not_checked', message: 'The token could not be checked: no endpoint answered anything about it', remedy: null };
  }
  if (granted === 0 && forbidden === 0 && unauthorized > 0) {
    return {
      status: 'rejected',
      message:
        `Iru answered 401 Unauthorized on every route it was asked (${unauthorized}): the API token is invalid, revoked or expired, or it ` +
        `belongs to another tenant`,
      remedy:
        `${CREATE_TOKEN_REMEDY} A token works only on its own tenant: check that the region and app segment match "Your organization's API ` +
        `URL" on the same screen.`,
    };
  }
  const gap = unauthorized > 0 ? ` ${unauthorized} route(s) answered 401 while others accepted the token: those are missing permissions, not a bad token.` : '';
  const how =
    granted > 0 ? `${granted} endpoint(s) answered` : 'Iru answered 403 Forbidden (the token is recognised but has no GET permission on the routes asked)';
  return { status: 'ok', message: `The API token was accepted: ${how}.${gap}`, remedy: null };
}
