import type { ScheduleDescription } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadInputError, NotFoundError } from '../../read-model/errors.js';
import type { Connection } from '../../store/index.js';
import { runningCollection, startCollectionOnce } from '../../temporal/collections.js';
import { DEFAULT_SCHEDULE, deleteSchedule, describeSchedule, pauseSchedule, resumeSchedule, setSchedule, triggerSchedule } from '../../temporal/schedules.js';
import type { WebContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { text, type Params } from '../params.js';
import { withTemporal } from '../temporal-access.js';
import { bodyParams } from './respond.js';

const admin = { config: { access: 'admin' as const } };
type NameParams = { name: string };
const CLIENT_KEY = /^[A-Za-z0-9_.:-]{1,200}$/;
const DURATION = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Starting collections and the connection's Temporal Schedule, through the JSON API. */
export function registerCollectionRoutes(app: FastifyInstance, ctx: WebContext): void {
  const connectionOf = async (request: FastifyRequest<{ Params: NameParams }>): Promise<Connection> => {
    const connection = await ctx.store.getConnection(request.params.name);
    if (!connection) throw new NotFoundError(`No connection named "${request.params.name}"`);
    return connection;
  };

  // 202 with the new run; 200 with the run the same client key started before, or with the run already going on.
  app.post<{ Params: NameParams }>('/api/v1/connections/:name/runs', admin, async (request, reply) => {
    const connection = await connectionOf(request);
    const key = clientKey(request);
    const started = await withTemporal(ctx, ({ client, taskQueue }) => startCollectionOnce(client, taskQueue, ctx.store, connection, key));
    const location = `/api/v1/runs/${encodeURIComponent(started.runId)}`;
    return reply
      .code(started.outcome === 'started' ? 202 : 200)
      .header('location', location)
      .send({
        run: { id: started.runId, connection: { id: connection.id, name: connection.name }, url: location, progressUrl: `${location}/progress` },
        outcome: started.outcome,
      });
  });

  const described = async (connection: Connection) => {
    const description = await withTemporal(ctx, ({ client }) => describeSchedule(client, connection.name));
    if (!description)
      throw new NotFoundError(`Connection "${connection.name}" has no schedule: create one with PUT /api/v1/connections/${connection.name}/schedule`);
    return scheduleView(connection, description);
  };

  app.get<{ Params: NameParams }>('/api/v1/connections/:name/schedule', async (request) => ({ schedule: await described(await connectionOf(request)) }));

  app.put<{ Params: NameParams }>('/api/v1/connections/:name/schedule', admin, async (request) => {
    const connection = await connectionOf(request);
    const body = bodyParams(request);
    const settings = {
      every: duration(body, 'every', DEFAULT_SCHEDULE.every, 60_000),
      catchupWindow: duration(body, 'catchupWindow', DEFAULT_SCHEDULE.catchupWindow, 0),
    };
    const description = await withTemporal(ctx, ({ client, taskQueue }) => setSchedule(client, taskQueue, connection, settings));
    return { schedule: scheduleView(connection, description) };
  });

  app.delete<{ Params: NameParams }>('/api/v1/connections/:name/schedule', admin, async (request, reply) => {
    const connection = await connectionOf(request);
    if (!(await withTemporal(ctx, ({ client }) => deleteSchedule(client, connection.name))))
      throw new NotFoundError(`Connection "${connection.name}" has no schedule`);
    return reply.code(204).send();
  });

  for (const [verb, act] of [
    ['pause', pauseSchedule],
    ['resume', resumeSchedule],
  ] as const) {
    app.post<{ Params: NameParams }>(`/api/v1/connections/:name/schedule/${verb}`, admin, async (request) => {
      const connection = await connectionOf(request);
      await described(connection);
      const note = text(bodyParams(request), 'note', 200) || `${verb}d through the API by ${request.principal!.name}`;
      await withTemporal(ctx, ({ client }) => act(client, connection.name, note));
      return { schedule: await described(connection) };
    });
  }

  // A trigger during a run would be skipped by the schedule's overlap policy without a word: it is refused instead, naming the run.
  app.post<{ Params: NameParams }>('/api/v1/connections/:name/schedule/trigger', admin, async (request, reply) => {
    const connection = await connectionOf(request);
    await described(connection);
    const running = await withTemporal(ctx, ({ client }) => runningCollection(client, ctx.store, connection));
    if (running) {
      throw new HttpError(
        409,
        `A collection of "${connection.name}" is already running (run ${running}); the trigger was not sent`,
        { location: `/api/v1/runs/${encodeURIComponent(running)}` },
        'run_in_progress',
      );
    }
    await withTemporal(ctx, ({ client }) => triggerSchedule(client, connection.name));
    return reply.code(202).send({ schedule: await described(connection) });
  });
}

/** The client key of a start: the Idempotency-Key header, or `clientKey` in the body (not both, unless equal). */
function clientKey(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (Array.isArray(header)) throw new BadInputError('Send one Idempotency-Key header');
  const body = text(bodyParams(request), 'clientKey', 200);
  if (header !== undefined && body !== undefined && header !== body)
    throw new BadInputError('The Idempotency-Key header and "clientKey" differ: send one of them');
  const key = header ?? body;
  if (key !== undefined && !CLIENT_KEY.test(key)) throw new BadInputError('The client key must be 1 to 200 letters, digits and . _ : -');
  return key;
}

function duration(body: Params, name: string, fallback: string, minimumMs: number): string {
  const value = text(body, name, 20);
  if (value === undefined || value === '') return fallback;
  const match = DURATION.exec(value);
  if (!match) throw new BadInputError(`"${name}" must be a whole number with a unit s, m, h or d (e.g. 24h), not "${value}"`);
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms < minimumMs) throw new BadInputError(`"${name}" must be at least ${minimumMs / 60_000} minute(s), not "${value}"`);
  return value;
}

/** 86400000 -> "24h": the largest unit that divides it (the API answers in the units it is given). */
function durationText(ms: number): string {
  for (const [unit, size] of [
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
  ] as const) {
    if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

export interface ScheduleView {
  connection: string;
  every: string | null;
  catchupWindow: string;
  paused: boolean;
  note: string | null;
  nextRunAt: string | null;
  recentRuns: { runId: string; scheduledAt: string; startedAt: string }[];
}

function scheduleView(connection: Connection, description: ScheduleDescription): ScheduleView {
  const every = description.spec.intervals?.[0]?.every;
  return {
    connection: connection.name,
    every: every === undefined ? null : durationText(every),
    catchupWindow: durationText(description.policies.catchupWindow),
    paused: description.state.paused,
    note: description.state.note || null,
    nextRunAt: description.state.paused ? null : (description.info.nextActionTimes[0]?.toISOString() ?? null),
    recentRuns: description.info.recentActions.map((a) => ({
      runId: a.action.workflow.workflowId,
      scheduledAt: a.scheduledAt.toISOString(),
      startedAt: a.takenAt.toISOString(),
    })),
  };
}
