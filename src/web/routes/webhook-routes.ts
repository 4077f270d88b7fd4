import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BadInputError, NotFoundError } from '../../read-model/errors.js';
import { EVENT_TYPES, isEventType } from '../../webhooks/index.js';
import { randomSecret } from '../auth/secrets.js';
import type { WebContext } from '../context.js';
import { decodeCursor, encodeCursor, linkNext } from '../cursor.js';
import { isLoopbackHost } from '../loopback.js';
import { integer, text, type Params } from '../params.js';
import { z } from 'zod';
import { bodyParams, queryParams } from './respond.js';

const admin = { config: { access: 'admin' as const } };
type IdParams = { id: string };
const WEBHOOK_ID = /^whk_[0-9a-f-]{36}$/;
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Webhooks, admins only: register (the secret is shown once), list, delete, and every delivery with its attempts. */
export function registerWebhookRoutes(app: FastifyInstance, ctx: WebContext): void {
  const webhookOf = async (id: string) => {
    const webhook = WEBHOOK_ID.test(id) ? await ctx.store.getWebhook(id) : undefined;
    if (!webhook) throw new NotFoundError(`No webhook ${id}`);
    return webhook;
  };

  app.post('/api/v1/webhooks', admin, async (request, reply) => {
    const body = bodyParams(request);
    const secret = `${WEBHOOK_SECRET_PREFIX}${randomSecret()}`;
    const webhook = await ctx.store.createWebhook({
      id: `whk_${randomUUID()}`,
      url: webhookUrl(body),
      events: eventTypes(body),
      secret,
      createdBy: request.principal!.name,
      createdAt: ctx.now().toISOString(),
    });
    return reply.code(201).header('location', `/api/v1/webhooks/${webhook.id}`).send({ webhook, secret });
  });
  app.get('/api/v1/webhooks', admin, async () => ({ webhooks: await ctx.store.listWebhooks() }));
  app.get<{ Params: IdParams }>('/api/v1/webhooks/:id', admin, async (request) => ({ webhook: await webhookOf(request.params.id) }));
  app.delete<{ Params: IdParams }>('/api/v1/webhooks/:id', admin, async (request, reply) => {
    await ctx.store.deleteWebhook((await webhookOf(request.params.id)).id);
    return reply.code(204).send();
  });
  app.get<{ Params: IdParams }>('/api/v1/webhooks/:id/deliveries', admin, async (request, reply) => {
    const webhook = await webhookOf(request.params.id);
    const q = queryParams(request);
    const limit = integer(q, 'limit', 1, 500, 100);
    const after = decodeCursor(q, 'deliveries', z.object({ id: z.string().max(40) }));
    const found = await ctx.store.listDeliveries(webhook.id, { limit: limit + 1, before: after?.id });
    const shown = found.slice(0, limit);
    const nextCursor = found.length > limit ? encodeCursor('deliveries', { id: shown.at(-1)!.id }) : null;
    linkNext(request, reply, nextCursor);
    return { deliveries: shown, nextCursor };
  });
}

/** https anywhere; plain http only to this machine (a receiver in tests or beside the server), never a URL with credentials. */
function webhookUrl(body: Params): string {
  const value = text(body, 'url', 2000);
  if (!value) throw new BadInputError('"url" is required: the https address that receives the events');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadInputError(`"url" is not a URL: "${value}"`);
  }
  if (url.username || url.password) throw new BadInputError('"url" must not carry credentials: deliveries are signed with the webhook secret instead');
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.href;
  throw new BadInputError('"url" must be https (plain http only to this machine: 127.0.0.1, ::1, localhost)');
}

function eventTypes(body: Params): string[] {
  const value = body.events;
  if (value === undefined) return [...EVENT_TYPES];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.length > EVENT_TYPES.length * 2) {
    throw new BadInputError(`"events" must be a list of one or more of ${EVENT_TYPES.join(', ')}`);
  }
  for (const type of list) {
    if (typeof type !== 'string' || !isEventType(type))
      throw new BadInputError(`"events" must name only ${EVENT_TYPES.join(', ')}, not ${JSON.stringify(type)}`);
  }
  return [...new Set(list as string[])];
}
