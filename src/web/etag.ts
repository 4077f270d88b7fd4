import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A strong entity tag of a response body: its SHA-256. */
export function contentTag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** Whether If-None-Match names this tag (or `*`); weak comparison, as RFC 9110 says for If-None-Match. */
export function notModified(request: FastifyRequest, tag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === bare(tag));
}

/**
 * For every successful GET of the JSON API: a strong ETag (the route's own, or the body's SHA-256) and a 304 without a
 * body when If-None-Match already names it. Clients revalidate (no-cache) rather than trust a stale copy.
 */
export async function entityTags(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !request.url.startsWith('/api/v1/') || reply.statusCode !== 200) return payload;
  const given = reply.getHeader('etag');
  const tag = typeof given === 'string' ? given : typeof payload === 'string' || Buffer.isBuffer(payload) ? contentTag(payload) : undefined;
  if (tag === undefined) return payload;
  reply.header('etag', tag);
  if (!reply.getHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
  if (!notModified(request, tag)) return payload;
  reply.code(304);
  reply.removeHeader('content-type');
  reply.removeHeader('content-length');
  return '';
}
