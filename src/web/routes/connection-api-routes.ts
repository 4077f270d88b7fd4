import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkConnectionName, checkLocation, checkToken, type FieldError } from '../../diagnose/index.js';
import { resolveBaseUrl } from '../../iru/index.js';
import { BadInputError, ConflictError, NotFoundError } from '../../read-model/errors.js';
import type { WebAppOptions, WebContext } from '../context.js';
import { decodeCursor, encodeCursor, linkNext } from '../cursor.js';
import { HttpError } from '../http-error.js';
import { isLoopbackHost } from '../loopback.js';
import { integer, optionalWholeNumber, text, type Params } from '../params.js';
import { connectionsView } from '../views/connections-view.js';
import { bodyParams, queryParams } from './respond.js';

const admin = { config: { access: 'admin' as const } };

/** The connections in the HTTP API: listed a page at a time (deleted ones with `include=deleted`), one by name, and made with a tested token. */
export function registerConnectionApiRoutes(app: FastifyInstance, ctx: WebContext, options: WebAppOptions): void {
  // By name; a handful per installation, so the total is given and pages are cut from the whole list.
  app.get('/api/v1/connections', async (request, reply) => {
    const q = queryParams(request);
    const limit = integer(q, 'limit', 1, 1000, 100);
    const after = decodeCursor(q, 'connections', z.object({ name: z.string().max(200) }));
    const { connections } = await connectionsView(ctx, { includeDeleted: q.include === 'deleted' });
    const rest = after ? connections.filter((c) => c.name > after.name) : connections;
    const shown = rest.slice(0, limit);
    const nextCursor = rest.length > limit ? encodeCursor('connections', { name: shown.at(-1)!.name }) : null;
    linkNext(request, reply, nextCursor);
    return { connections: shown, nextCursor, total: connections.length };
  });
  app.get<{ Params: { name: string } }>('/api/v1/connections/:name', async (request) => {
    const { connections } = await connectionsView(ctx, { includeDeleted: true });
    const connection = connections.find((c) => c.name === request.params.name || c.id === request.params.name);
    if (!connection) throw new NotFoundError(`No connection named "${request.params.name}"`);
    return { connection };
  });
  app.post('/api/v1/connections', admin, async (request, reply) => reply.code(201).send(await createConnection(ctx, options, request)));
}

/**
 * A connection made through the API: region and app (as in the wizard) or a base URL (a proxy, the simulator: https,
 * or http on this machine only), tested with the shared diagnosis first and saved only when the token is accepted.
 * The token is never echoed.
 */
async function createConnection(ctx: WebContext, options: WebAppOptions, request: FastifyRequest) {
  const body = bodyParams(request);
  const name = checkConnectionName(text(body, 'name', 200)?.trim());
  const token = checkToken(text(body, 'token', 1000), 'the "token" field');
  const location = apiLocation(body);
  const errors = [name, token].flatMap((c): FieldError[] => (c.ok ? [] : [c.error]));
  if (!name.ok || !token.ok) throw new BadInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  const freshnessHours = optionalWholeNumber(body, 'freshnessHours');
  if (freshnessHours !== undefined && (freshnessHours < 1 || freshnessHours > 24 * 366)) throw new BadInputError('"freshnessHours" must be between 1 and 8784');
  if (await ctx.store.getConnection(name.value)) {
    throw new ConflictError(`A connection named "${name.value}" already exists: choose another name (its token is replaced by rotation, not here)`);
  }
  const diagnosis = await ctx.diagnose({ baseUrl: location.baseUrl, token: token.value, region: location.region, app: location.app });
  if (!diagnosis.canSave) {
    throw new HttpError(
      422,
      `Not saved: the connection test did not pass: ${diagnosis.summary}`,
      {},
      'connection_test_failed',
      diagnosis.auth.remedy ?? undefined,
    );
  }
  const connection = await ctx.store.saveConnection({
    name: name.value,
    baseUrl: location.baseUrl.href,
    region: location.region,
    app: location.app,
    token: token.value,
    ...(freshnessHours !== undefined ? { freshnessHours } : {}),
  });
  await options.onConnectionSaved?.(connection);
  const { connections } = await connectionsView(ctx);
  return { connection: connections.find((c) => c.id === connection.id)!, diagnosis: { verdict: diagnosis.verdict, summary: diagnosis.summary } };
}

function apiLocation(body: Params): { baseUrl: URL; region: string | null; app: string | null } {
  const baseUrl = text(body, 'baseUrl', 500);
  const region = text(body, 'region', 40);
  const app = text(body, 'app', 100);
  if (baseUrl !== undefined) {
    if (region !== undefined || app !== undefined) throw new BadInputError('Give "baseUrl", or "region" and "app", not both');
    const url = resolveBaseUrl({ baseUrl });
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname))
      throw new BadInputError('"baseUrl" must be https (plain http only on this machine: 127.0.0.1, ::1, localhost)');
    return { baseUrl: url, region: null, app: null };
  }
  const checked = checkLocation({ region, app });
  if (!checked.ok) throw new BadInputError(checked.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return { baseUrl: checked.value.baseUrl, region: checked.value.region, app: checked.value.app };
}
