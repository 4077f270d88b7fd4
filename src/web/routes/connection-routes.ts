import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkToken, rotateToken, type Diagnose } from '../../diagnose/index.js';
import { html, query, trusted, urlPath, type SafeHtml } from '../../html/html.js';
import { BadInputError, ConflictError } from '../../read-model/errors.js';
import { DeletedConnectionError, type Connection } from '../../store/index.js';
import { collectNow, deleteConnection, ensureSchedule, reachable, setCollectionsPaused } from '../../temporal/connection-control.js';
import { actorName } from '../auth/principal.js';
import { requireAdmin } from '../auth/access-control.js';
import type { WebAppOptions, WebContext } from '../context.js';
import { describeError } from '../http-error.js';
import { connectionPage, savedNotice, type ConnectionNotice } from '../pages/connection-page.js';
import { connectionsPage } from '../pages/connection-pages.js';
import { layout } from '../pages/layout.js';
import { text } from '../params.js';
import { connectionByName, connectionView } from '../views/connection-view.js';
import { connectionsView } from '../views/connections-view.js';
import { diagnosisHtml } from '../wizard/diagnosis-html.js';
import { registerWizardRoutes } from '../wizard/index.js';
import { bodyParams, queryParams, sendHtml } from './respond.js';

const admin = { config: { access: 'admin' as const } };
type NameParams = { connection: string };

export function registerConnectionRoutes(app: FastifyInstance, ctx: WebContext, options: WebAppOptions): void {
  const diagnose: Diagnose = ctx.diagnose;
  const listed = async (request: FastifyRequest) => connectionsView(ctx, { includeDeleted: queryParams(request).include === 'deleted' });
  app.get('/connections', async (request, reply) => sendHtml(reply, connectionsPage(request, await listed(request))));
  registerWizardRoutes(app, {
    store: ctx.store,
    diagnose,
    // The wizard builds its body with its own escaping; it is markup of this code base, not data.
    layout: (request, title, body) => layout({ title, principal: request.principal, trail: [['Connections', '/connections']] }, trusted(body)),
    requireAdmin: (request: FastifyRequest) => requireAdmin(request),
    csrfToken: (request) => (request.principal?.kind === 'session' ? request.principal.csrfToken : ''),
    onSaved: options.onConnectionSaved,
    savedLocation: (connection) => `${urlPath('connections', connection.name)}${query({ saved: '1' })}`,
    prefix: '/connections/new',
  });

  /** The page again, with what was done or why nothing was (an expected failure's status, its message). */
  const respond = async (request: FastifyRequest<{ Params: NameParams }>, reply: FastifyReply, act: (c: Connection) => Promise<SafeHtml | string>) => {
    const connection = await connectionByName(ctx, request.params.connection);
    let notice: ConnectionNotice;
    let status = 200;
    try {
      const done = await act(connection);
      if (typeof done === 'string') return reply.redirect(done, 303);
      notice = { done };
    } catch (error) {
      if (error instanceof Refused) {
        const fresh = await connectionByName(ctx, connection.id);
        return sendHtml(reply, connectionPage(request, await connectionView(ctx, fresh), { error: error.message, detail: error.detail }), error.status);
      }
      const described = describeError(error instanceof DeletedConnectionError ? new ConflictError(error.message) : error);
      if (described.internal) throw error;
      notice = { error: described.message };
      status = described.status;
    }
    const fresh = await connectionByName(ctx, connection.id);
    return sendHtml(reply, connectionPage(request, await connectionView(ctx, fresh), notice), status);
  };

  app.get<{ Params: NameParams }>('/connections/:connection', async (request, reply) => {
    const view = await connectionView(ctx, await connectionByName(ctx, request.params.connection));
    const saved = queryParams(request).saved === '1' && !view.connection.deletedAt;
    return sendHtml(reply, connectionPage(request, view, saved ? { done: savedNotice(view) } : {}));
  });

  app.post<{ Params: NameParams }>('/connections/:connection/collect', admin, (request, reply) =>
    respond(request, reply, async (connection) => {
      const temporal = reachable(await ctx.temporal(), 'no collection was started');
      const run = await collectNow(temporal, ctx.store, connection);
      if (run.recorded) return urlPath('runs', run.runId);
      return html`<p>${run.started ? 'Started' : 'Already running:'} collection <code>${run.runId}</code>. A worker has not picked it up yet; it appears under
        Last runs once it is planned.</p>`;
    }),
  );

  app.post<{ Params: NameParams }>('/connections/:connection/rotate-token', admin, (request, reply) =>
    respond(request, reply, async (connection) => {
      const checked = checkToken(text(bodyParams(request), 'token', 1000), 'the Bearer JWT field');
      if (!checked.ok) throw new BadInputError(`${checked.error.message}. The token was not changed.`);
      const rotation = await rotateToken({ store: ctx.store, diagnose }, connection, checked.value);
      if (rotation.rotated) {
        return html`<p>Replaced the token of ${connection.name}: fingerprint <code>${rotation.previousFingerprint}</code> → <code>${rotation.connection.tokenFingerprint}</code>.
          The old token is no longer stored; revoke it in Iru (Access &gt; API tokens).</p>`;
      }
      if (rotation.reason === 'same') throw new BadInputError('That is already the token of this connection: paste the new token. The token was not changed.');
      // Rendered by the wizard's own escaping helpers: markup of this code base around escaped values.
      throw new Refused('The new token did not pass the connection test: the old token is kept.', trusted(diagnosisHtml(rotation.diagnosis!)), 422);
    }),
  );

  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post<{ Params: NameParams }>(`/connections/:connection/${verb}`, admin, (request, reply) =>
      respond(request, reply, async (connection) => {
        const temporal = reachable(await ctx.temporal(), `the schedule was not ${paused ? 'paused' : 'resumed'}`);
        await setCollectionsPaused(temporal, connection, paused, `${paused ? 'paused' : 'resumed'} by ${actorName(request.principal!)} from the web app`);
        return html`<p>${paused ? 'Paused' : 'Resumed'} the schedule of ${connection.name}.</p>`;
      }),
    );
  }

  app.post<{ Params: NameParams }>('/connections/:connection/schedule', admin, (request, reply) =>
    respond(request, reply, async (connection) => {
      const schedule = await ensureSchedule(reachable(await ctx.temporal(), 'no schedule was created'), connection);
      return html`<p>${connection.name} is scheduled; next run ${schedule.nextRuns[0] ?? 'unknown'}.</p>`;
    }),
  );

  app.post<{ Params: NameParams }>('/connections/:connection/delete', admin, (request, reply) =>
    respond(request, reply, async (connection) => {
      const typed = text(bodyParams(request), 'confirm', 200)?.trim();
      if (typed !== connection.name) throw new BadInputError(`Type the connection's name, "${connection.name}", to delete it. Nothing was deleted.`);
      const temporal = reachable(
        await ctx.temporal(),
        'the connection was not deleted (its schedule is deleted with it)',
        `\`iru-evidence connections delete ${connection.name}\` starts the embedded Temporal itself. Or:`,
      );
      const { scheduleDeleted } = await deleteConnection(temporal, ctx.store, connection, actorName(request.principal!));
      return html`<p>Deleted ${connection.name}${scheduleDeleted ? ' and its schedule' : ''}; its token was destroyed. Its runs and Artifacts are kept.</p>`;
    }),
  );
}

/** An action refused with more to show than its message (the failed connection test). */
class Refused extends Error {
  constructor(
    message: string,
    readonly detail: SafeHtml,
    readonly status: number,
  ) {
    super(message);
  }
}
