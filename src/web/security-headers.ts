import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from './context.js';

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * On every response: no inline script or style, no framing, no sniffing, no referrer, nothing cached but static files;
 * HSTS when the browser came over https (the app's own TLS, a trusted proxy's X-Forwarded-Proto, or --secure-cookies).
 */
export function securityHeaders(ctx: WebContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    reply.header('cache-control', 'no-store');
    if (ctx.https(request)) reply.header('strict-transport-security', HSTS);
  };
}
