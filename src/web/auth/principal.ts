import type { ApiKeyRecord, WebRole, WebUser } from '../../store/index.js';

/** Who is asking: a signed-in person (with the session's CSRF token) or an API key. */
export type Principal =
  | { kind: 'session'; name: string; role: WebRole; user: WebUser; sessionIdHash: string; csrfToken: string }
  | { kind: 'api-key'; name: string; role: WebRole; key: ApiKeyRecord };

/** What a route needs: nothing, any signed-in role (read-only), or an admin. */
export type Access = 'public' | 'read' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function roleOfScope(scope: ApiKeyRecord['scope']): WebRole {
  return scope === 'admin' ? 'admin' : 'auditor';
}

/** Who did something, as records name them: the signed-in user, or the API key with the admin who made it. */
export function actorName(principal: Principal): string {
  return principal.kind === 'session' ? principal.user.username : `${principal.key.createdBy} (API key "${principal.key.name}")`;
}
