/** Bearer-token authentication and per-endpoint permission checks: 401 for an unknown token, 401 or 403 for a missing permission. */

import { createHash } from 'node:crypto';

export type PermissionStatus = 401 | 403;

export interface TokenSpec {
  /** Path templates exactly as in the route table, or 'all'. */
  permissions: 'all' | string[];
  /** Status for a route the token lacks (official sources disagree; default 403). */
  missingPermissionStatus?: PermissionStatus;
  /** 401 on every route. */
  revoked?: boolean;
}

/** First 8 hex chars of sha256(token): identifies a token in logs without revealing it. */
export function tokenIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 8);
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export type AuthDecision = { ok: true } | { ok: false; status: PermissionStatus; detail: string };

export function authorize(token: string | undefined, tokens: Readonly<Record<string, TokenSpec>>, permission: string): AuthDecision {
  if (token === undefined) return { ok: false, status: 401, detail: 'Authentication credentials were not provided.' };
  const spec = Object.prototype.hasOwnProperty.call(tokens, token) ? tokens[token] : undefined;
  if (!spec || spec.revoked) return { ok: false, status: 401, detail: 'Invalid token.' };
  if (spec.permissions === 'all' || spec.permissions.includes(permission)) return { ok: true };
  return { ok: false, status: spec.missingPermissionStatus ?? 403, detail: 'You do not have permission to perform this action.' };
}
