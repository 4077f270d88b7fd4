import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../read-model/errors.js';
import type { WebContext } from '../context.js';
import { heavyRequest } from '../heavy-work.js';
import { devicePage } from '../pages/device-page.js';
import { deviceId } from '../params.js';
import { deviceView, type DeviceView } from '../views/device-view.js';
import { sendHtml } from './respond.js';

type DeviceParams = { connection: string; deviceId: string };

/** A device of a connection: every check of it across the connection's current Artifacts (reads their records: heavy). */
export function registerDeviceRoutes(app: FastifyInstance, ctx: WebContext): void {
  const view = async (request: FastifyRequest<{ Params: DeviceParams }>): Promise<DeviceView> => {
    const id = deviceId(request.params.deviceId);
    const connection = await ctx.store.getConnection(request.params.connection);
    if (!connection) throw new NotFoundError(`No connection named "${request.params.connection}"`);
    return deviceView(ctx, connection, id);
  };
  const heavy = { preHandler: heavyRequest(ctx.heavy) };
  app.get<{ Params: DeviceParams }>('/connections/:connection/devices/:deviceId', heavy, async (request, reply) =>
    sendHtml(reply, devicePage(request, await view(request))),
  );
  app.get<{ Params: DeviceParams }>('/api/v1/connections/:connection/devices/:deviceId', heavy, async (request) => view(request));
}
