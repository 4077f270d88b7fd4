import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../html/html.js';
import { BadInputError } from '../../read-model/errors.js';
import { describeError } from '../http-error.js';
import type { Params } from '../params.js';

export function sendHtml(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

export function queryParams(request: FastifyRequest): Params {
  return (request.query ?? {}) as Params;
}

/** A form or JSON body as named values; anything else is refused. */
export function bodyParams(request: FastifyRequest): Params {
  const body = request.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadInputError('The request body must be a form or a JSON object');
  return body as Params;
}

/** A download: the browser saves it under `fileName` (made of safe characters by the caller). */
export function attachment(reply: FastifyReply, contentType: string, fileName: string): FastifyReply {
  return reply.type(contentType).header('content-disposition', `attachment; filename="${fileName}"`);
}

/**
 * A stream of `chunks` whose first chunk is produced before the response starts: a failure before any output (the
 * store unreadable, say) becomes an error response with its status, not a cut-off body under a 200.
 */
export async function startedStream(chunks: AsyncIterable<string | Buffer>): Promise<Readable> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* all(): AsyncGenerator<string | Buffer> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return Readable.from(all(), { objectMode: false });
}

/** A form post answered with the page again: what was done, or why nothing was (with the error's status). */
export async function formResult(
  reply: FastifyReply,
  render: (notice: { error?: string; done?: SafeHtml }) => Promise<string>,
  action: () => Promise<SafeHtml>,
): Promise<FastifyReply> {
  try {
    const done = await action();
    return sendHtml(reply, await render({ done }));
  } catch (error) {
    const { status, message, internal } = describeError(error);
    if (internal) throw error;
    return sendHtml(reply, await render({ error: message }), status);
  }
}
