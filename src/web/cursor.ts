import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadInputError } from '../read-model/errors.js';
import { text, type Params } from './params.js';

/**
 * Opaque list cursors: base64url JSON of where the last page ended, checked against the shape the list expects, so a
 * cursor of another list (or a made-up one) is a clear 400, not a wrong page.
 */
export function encodeCursor(kind: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ k: kind, p: position })).toString('base64url');
}

export function decodeCursor<T>(params: Params, kind: string, shape: z.ZodType<T>): T | undefined {
  const value = text(params, 'cursor', 1000);
  if (value === undefined || value === '') return undefined;
  const bad = () => new BadInputError(`"cursor" is not a cursor of this list: pass the nextCursor (or syncCursor) of an earlier answer unchanged`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const envelope = z.object({ k: z.literal(kind), p: shape }).safeParse(parsed);
  if (!envelope.success) throw bad();
  return envelope.data.p;
}

/** An optional ISO 8601 time with an offset (Z or ±hh:mm), normalised to UTC. */
export function isoTime(params: Params, name: string): string | undefined {
  const value = text(params, name, 40);
  if (value === undefined || value === '') return undefined;
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new BadInputError(`"${name}" must be an ISO 8601 time with its offset, e.g. 2026-01-31T12:00:00Z, not "${value}"`);
  return new Date(time).toISOString();
}

/** Sets the Link header to the next page: the request's own address with `cursor` replaced. */
export function linkNext(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null): void {
  if (nextCursor === null) return;
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('cursor', nextCursor);
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}
