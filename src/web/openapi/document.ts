import { GAP_REASONS, VERDICTS } from '../../read-model/action-judgement.js';
import { DEFAULT_PERIOD_DAYS } from '../../read-model/audit-period.js';
import { WARNING_STATUSES } from '../../read-model/connection-warnings.js';
import { RESULT_VALUES } from '../../read-model/record-results.js';
import { EVENT_TYPES } from '../../webhooks/index.js';
import { API_KEY_SCOPES, API_KEY_STATUSES } from '../auth/api-keys.js';
import { INVITABLE_ROLES } from '../auth/invitations.js';
import { ROLES } from '../auth/users.js';
import { EVIDENCE_STATES } from '../views/evidence-state.js';

/**
 * The OpenAPI 3.1 description of the JSON API (/api/v1), served at GET /api/v1/openapi.json without sign-in. Schemas
 * are JSON Schema 2020-12. Every operation lists its success responses; every error, whatever its status, has the
 * `default` response's shape ({"error": {code, message, remedy, status}}). Tests validate every response they receive
 * against this document (test/helpers/openapi.ts), so it cannot drift from what the routes answer.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] });
const str: Schema = { type: 'string' };
const time: Schema = { type: 'string', format: 'date-time' };
const int: Schema = { type: 'integer' };
const obj = (properties: Record<string, Schema>, options: { optional?: string[]; open?: boolean } = {}): Schema => ({
  type: 'object',
  required: Object.keys(properties).filter((k) => !options.optional?.includes(k)),
  properties,
  ...(options.open ? {} : { additionalProperties: false }),
});
const list = (items: Schema): Schema => ({ type: 'array', items });
const json = (description: string, schema: Schema, headers?: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema } },
  ...(headers ? { headers } : {}),
});

const ERROR_RESPONSE = { default: json('Any error: its stable code, a message for people and what to do about it', ref('Error')) };
const NOT_MODIFIED = { 304: { description: 'Not modified: If-None-Match named the current ETag' } };
const ETAG = { ETag: { description: 'Strong entity tag of the body (send it back as If-None-Match)', schema: str } };
const LINK = { Link: { description: 'The next page, rel="next", when there is one', schema: str } };

const param = (name: string, where: 'query' | 'path' | 'header', schema: Schema, description: string, required = where === 'path') => ({
  name,
  in: where,
  required,
  description,
  schema,
});
const P = {
  limit: (max: number, fallback: number) => param('limit', 'query', { type: 'integer', minimum: 1, maximum: max, default: fallback }, 'Items per page'),
  cursor: param('cursor', 'query', str, 'Continue after the page that gave this cursor (nextCursor); opaque'),
  updatedSince: (what: string) => param('updatedSince', 'query', time, what),
  connection: param('connection', 'query', str, 'Only this connection (its name or id)'),
  id: (what: string) => param('id', 'path', str, what),
  name: param('name', 'path', str, 'The connection name (or id)'),
  ifNoneMatch: param('If-None-Match', 'header', str, 'An ETag from an earlier answer: 304 when unchanged'),
  period: [
    param('from', 'query', { type: 'string', format: 'date' }, `First day of the audit period (UTC); default: ${DEFAULT_PERIOD_DAYS} days up to \`to\``),
    param('to', 'query', { type: 'string', format: 'date' }, 'Last day of the audit period (UTC); default: today'),
  ],
};

interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  admin?: boolean;
  public?: boolean;
  parameters?: unknown[];
  body?: Schema;
  responses: Record<string, unknown>;
}

function operation(id: string, op: Operation) {
  const security = op.public ? { security: [] } : {};
  return {
    operationId: id,
    summary: op.summary,
    ...(op.description || op.admin
      ? { description: [op.description, op.admin ? 'Admins only (an admin API key or signed-in admin).' : ''].filter(Boolean).join(' ') }
      : {}),
    tags: op.tags,
    ...security,
    ...(op.parameters ? { parameters: op.parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: op.body }, 'application/x-www-form-urlencoded': { schema: op.body } },
          },
        }
      : {}),
    responses: { ...op.responses, ...ERROR_RESPONSE },
  };
}

/** A GET that answers JSON with an ETag, and 304 to a matching If-None-Match. */
function read(id: string, op: Omit<Operation, 'responses'> & { schema: Schema; what: string; paged?: boolean }) {
  return operation(id, {
    ...op,
    parameters: [...(op.parameters ?? []), P.ifNoneMatch],
    responses: { 200: json(op.what, op.schema, { ...ETAG, ...(op.paged ? LINK : {}) }), ...NOT_MODIFIED },
  });
}

/** A JSON body the document does not pin down field by field (pages' views shared with the HTML app). */
const anyObject: Schema = { type: 'object' };
const download = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });

const day: Schema = { type: 'string', format: 'date' };
const idAndName = obj({ id: str, name: str });
const verdict: Schema = {
  enum: [...VERDICTS],
  description: 'satisfied only when every mapped check of every connection in scope has current, passing evidence',
};

const webRole: Schema = { enum: [...ROLES] };
const countsOf = (keys: readonly string[]): Schema => obj(Object.fromEntries(keys.map((k) => [k, int])));
const gap = nullable(obj({ reason: { enum: [...GAP_REASONS] }, detail: str }));
const frameworkRef = obj({ id: str, name: str, version: str });

const schemas: Record<string, Schema> = {
  User: obj({
    id: str,
    username: str,
    role: webRole,
    createdAt: time,
    disabledAt: { ...nullable(time), description: 'Set while the user is disabled' },
    expiresAt: { ...nullable(time), description: "When the user's access ends; null: no end" },
  }),
  Invitation: obj({
    id: str,
    role: webRole,
    accessExpiresAt: time,
    expiresAt: { ...time, description: 'When the link stops working' },
    note: nullable(str),
    createdBy: str,
    createdByUserId: nullable(str),
    createdAt: time,
    usedAt: nullable(time),
    usedByUserId: nullable(str),
    revokedAt: nullable(time),
  }),
  ApiKey: obj({
    id: str,
    name: str,
    scope: { enum: [...API_KEY_SCOPES] },
    status: { enum: [...API_KEY_STATUSES] },
    createdBy: str,
    createdByUserId: nullable(str),
    createdAt: time,
    expiresAt: { ...nullable(time), description: 'Set when the key was rotated: it works until then' },
    revokedAt: { ...nullable(time), description: 'Set when the key was invalidated' },
    replacedBy: nullable(str),
    lastUsedAt: nullable(time),
  }),
  Exception: obj({
    id: str,
    connectionId: str,
    connectionName: str,
    deviceId: str,
    deviceName: { ...nullable(str), description: "The device's name in the current device inventory, when there" },
    check: { ...nullable(str), description: 'The Artifact type it applies to; null for every check of the device' },
    justification: str,
    approver: str,
    createdAt: time,
    expiresOn: { ...day, description: 'The last day it applies (UTC), inclusive' },
    endsAt: time,
    state: { enum: ['in_force', 'expired', 'revoked'] },
    revokedAt: nullable(time),
    revokedBy: nullable(str),
  }),
  Scope: obj({
    connection: { ...nullable(idAndName), description: 'The connection in scope; null for every live connection' },
    connections: list(idAndName),
    deleted: list(obj({ id: str, name: str, deletedAt: time })),
  }),
  ResultCounts: { ...countsOf(RESULT_VALUES), description: 'Subjects per result' },
  Coverage: obj({
    evaluated: int,
    total: int,
    text: str,
    gaps: list(obj({ reason: str, count: nullable(int), detail: str }, { optional: ['detail'] })),
  }),
  EvidenceStates: { ...countsOf(EVIDENCE_STATES), description: 'Artifact types per freshness state (a badge, not a verdict)' },
  ControlSummary: obj({
    id: str,
    title: str,
    verdict,
    actions: int,
    types: list(obj({ type: str, state: { enum: [...EVIDENCE_STATES] } })),
    evidence: ref('EvidenceStates'),
    results: nullable(ref('ResultCounts')),
    coverage: obj({ evaluated: int, total: int }),
  }),
  Frameworks: obj({
    scope: ref('Scope'),
    frameworks: list(obj({ id: str, name: str, version: str, controls: int, verdict, counts: countsOf(VERDICTS), evidence: ref('EvidenceStates') })),
  }),
  Framework: obj({ framework: frameworkRef, scope: ref('Scope'), counts: countsOf(VERDICTS), controls: list(ref('ControlSummary')) }),
  Control: obj({
    framework: frameworkRef,
    control: ref('ControlSummary'),
    scope: ref('Scope'),
    period: obj({ from: day, to: day, days: int }),
    actions: list(
      obj({
        id: str,
        description: str,
        verdict,
        satisfied: { type: 'boolean' },
        reasons: list(str),
        evidence: list(
          obj({
            type: str,
            coverage: { enum: ['full', 'partial'] },
            note: nullable(str),
            artifacts: list(ref('Artifact')),
            checks: list(obj({ connection: idAndName, verdict, failing: int, artifact: nullable(ref('Artifact')), gap, findings: list(str) })),
          }),
        ),
      }),
    ),
    timeline: { ...list({ type: 'object' }), description: 'Per day: the state of each Artifact type and of all of them' },
    timelineBuckets: { type: 'object', description: 'The same days grouped by day, ISO week or month, as the page draws them' },
    gapRanges: { ...list({ type: 'object' }), description: 'Partial and gap days merged into ranges' },
  }),
  Device: obj({
    connection: idAndName,
    deviceId: str,
    deviceName: nullable(str),
    serialNumber: nullable(str),
    assignedUser: nullable(str),
    checks: list(
      obj({
        artifactId: str,
        type: str,
        title: str,
        collectedAt: time,
        subject: { ...nullable(str), description: 'What the record is about beyond the device, when the device has several' },
        result: { ...nullable({ enum: [...RESULT_VALUES] }), description: 'null for a record that is reported, not judged' },
        reasons: list(str),
      }),
    ),
  }),
  Verification: obj({
    artifactId: str,
    sha256: { type: 'boolean' },
    contentSha256: { type: 'boolean' },
    intact: { type: 'boolean' },
    verifiedAt: time,
    message: str,
  }),
  Posture: obj({
    scope: ref('Scope'),
    asOf: time,
    period: obj({ from: day, to: day, days: int }),
    frameworks: list(
      obj({
        id: str,
        name: str,
        version: str,
        verdict,
        counts: countsOf(VERDICTS),
        controls: list(obj({ id: str, title: str, verdict })),
      }),
    ),
    failing: { ...list(ref('PostureCheck')), description: 'Checks with failing subjects, most failing first' },
    notEvaluable: { ...list(ref('PostureCheck')), description: 'Checks without usable evidence (gap says why) or with unevaluated subjects' },
    excepted: { ...list(ref('PostureCheck')), description: 'Checks whose only failing subjects are covered by exceptions' },
    warnings: list(obj({ connection: idAndName, status: { enum: [...WARNING_STATUSES] }, detail: str, at: nullable(time) })),
    trend: list(obj({ day, passRate: nullable({ type: 'number', minimum: 0, maximum: 1 }), pass: int, fail: int, excepted: int })),
  }),
  PostureCheck: obj({
    type: str,
    title: str,
    connection: idAndName,
    verdict,
    failing: int,
    excepted: int,
    evaluated: int,
    artifactId: nullable(str),
    gap,
    findings: list(str),
    controls: list(obj({ framework: str, id: str, title: str })),
  }),
  Error: obj({
    error: obj(
      {
        code: {
          type: 'string',
          pattern: '^[a-z][a-z_]*$',
          description: 'Stable: bad_input, unauthorized, forbidden, not_found, conflict, run_in_progress, ...',
        },
        message: str,
        remedy: str,
        status: int,
      },
      { optional: ['status'] },
    ),
  }),
  Connection: obj({
    id: str,
    name: str,
    baseUrl: str,
    region: nullable(str),
    app: nullable(str),
    tokenFingerprint: { type: 'string', description: 'A fingerprint of the token, never the token' },
    freshnessHours: int,
    status: { enum: ['ok', 'needs_attention'] },
    statusReason: nullable(str),
    createdAt: time,
    updatedAt: time,
    deletedAt: nullable(time),
    deletedBy: nullable(str),
    lastRun: nullable(obj({ id: str, status: str, startedAt: time })),
    attention: nullable({
      type: 'object',
      description: 'What the newest finished run says an admin must do (never_collected, failed, partial, permission_missing), with its detail',
    }),
    currentArtifacts: int,
    staleArtifacts: int,
  }),
  NewConnection: obj(
    {
      name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
      region: { enum: ['us', 'eu', 'iru', 'iru-eu'] },
      app: { type: 'string', pattern: '^[a-z0-9-]+$' },
      baseUrl: { type: 'string', description: 'Instead of region and app: https, or http on this machine (a proxy, the simulator)' },
      token: { type: 'string', description: 'The Iru API token; tested before anything is saved, stored encrypted, never returned' },
      freshnessHours: { type: 'integer', minimum: 1, maximum: 8784 },
    },
    { optional: ['region', 'app', 'baseUrl', 'freshnessHours'] },
  ),
  RunListItem: obj({
    id: str,
    connection: obj({ id: str, name: str }),
    status: { enum: ['running', 'succeeded', 'partial', 'failed'] },
    startedAt: time,
    finishedAt: nullable(time),
    durationMs: nullable(int),
    sources: obj({ succeeded: int, failed: int, notApplicable: int }),
    artifacts: int,
  }),
  Run: obj({
    id: str,
    connection: obj({ id: str, name: str }),
    status: { enum: ['pending', 'running', 'succeeded', 'partial', 'failed'], description: 'pending: started, not yet planned by a worker' },
    startedAt: time,
    finishedAt: nullable(time),
    durationMs: nullable(int),
    sources: obj({ succeeded: int, failed: int, notApplicable: int }),
    artifacts: int,
    summary: nullable({ type: 'object', description: 'The run summary once finished: per-source outcome, Artifacts, requests, timing' }),
    artifactIds: list(obj({ id: str, type: str, published: { type: 'boolean' } })),
    progress: nullable(ref('Progress')),
    progressUrl: str,
  }),
  Progress: obj(
    {
      runId: str,
      status: { enum: ['running', 'succeeded', 'partial', 'failed'] },
      stage: { enum: ['planning', 'waiting-for-budget', 'collecting', 'building', 'publishing', 'done'] },
      resumesAt: time,
      startedAt: time,
      elapsedMs: int,
      requests: obj({ fetched: int, estimated: int, atLeast: { type: 'boolean' } }, { optional: ['estimated', 'atLeast'] }),
      rows: int,
      artifacts: obj({ built: int, total: int }),
      sources: list(obj({ source: str, pages: int, rows: int })),
    },
    { optional: ['stage', 'resumesAt', 'artifacts'] },
  ),
  RunStart: obj({
    run: obj({ id: str, connection: obj({ id: str, name: str }), url: str, progressUrl: str }),
    outcome: {
      enum: ['started', 'same_key', 'in_progress'],
      description: 'started (202); same_key: the run this client key started before; in_progress: a run of the connection already going on (200)',
    },
  }),
  Artifact: obj({
    id: { type: 'string', pattern: '^art_[0-9a-f]{24}$' },
    type: str,
    title: str,
    connection: obj({ id: str, name: str }),
    runId: str,
    collectedAt: time,
    observedAt: nullable(obj({ oldest: str, newest: str })),
    expiresAt: time,
    freshness: { enum: ['fresh', 'due', 'stale'] },
    records: int,
    coverage: ref('Coverage'),
    results: nullable(ref('ResultCounts')),
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    contentSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    current: { type: 'boolean' },
    publishedSeq: int,
    publishedAt: nullable(time),
  }),
  RecordsPage: obj({
    artifactId: str,
    total: int,
    matched: int,
    page: int,
    pageSize: int,
    pages: int,
    q: str,
    result: nullable(str),
    sort: nullable(str),
    dir: { enum: ['asc', 'desc'] },
    columns: list(str),
    rows: list({ type: 'object' }),
    nextCursor: nullable(str),
  }),
  Schedule: obj({
    connection: str,
    every: nullable({ type: 'string', pattern: '^\\d+(s|m|h)$' }),
    catchupWindow: str,
    paused: { type: 'boolean' },
    note: nullable(str),
    nextRunAt: nullable(time),
    recentRuns: list(obj({ runId: str, scheduledAt: time, startedAt: time })),
  }),
  ScheduleSettings: obj(
    {
      every: { type: 'string', pattern: '^\\d{1,6}(s|m|h|d)$', default: '24h', description: 'Interval between collections, at least 1m' },
      catchupWindow: { type: 'string', pattern: '^\\d{1,6}(s|m|h|d)$', default: '1h', description: 'How far back missed runs are caught up after an outage' },
    },
    { optional: ['every', 'catchupWindow'] },
  ),
  Webhook: obj({ id: { type: 'string', pattern: '^whk_' }, url: str, events: list({ enum: [...EVENT_TYPES] }), createdBy: str, createdAt: time }),
  Delivery: obj({
    id: str,
    webhookId: str,
    eventId: str,
    eventType: { enum: [...EVENT_TYPES] },
    status: { enum: ['pending', 'delivered', 'failed'] },
    attempts: int,
    lastStatusCode: nullable(int),
    lastError: nullable(str),
    lastAttemptAt: nullable(time),
    nextAttemptAt: nullable(time),
    createdAt: time,
    deliveredAt: nullable(time),
  }),
  Event: obj({
    id: str,
    type: { enum: [...EVENT_TYPES] },
    createdAt: time,
    data: {
      type: 'object',
      description:
        'run.completed: runId, connectionId, status, startedAt, finishedAt, artifacts [{id, type, sha256, records}], error. ' +
        'artifact.published: artifactId, type, connectionId, runId, sha256, contentSha256, records. ' +
        'connection.needs_attention: connectionId, connection, reason, remedy, runId.',
    },
  }),
};

const TAGS = {
  connections: ['Connections'],
  runs: ['Runs'],
  schedules: ['Schedules'],
  artifacts: ['Artifacts'],
  webhooks: ['Webhooks'],
  catalog: ['Frameworks and posture'],
  exports: ['Exports'],
  admin: ['Users and API keys'],
  meta: ['API'],
};

const paths = {
  '/api/v1/openapi.json': {
    get: operation('getOpenApi', {
      summary: 'This document',
      tags: TAGS.meta,
      public: true,
      responses: { 200: json('The OpenAPI 3.1 document', { type: 'object', required: ['openapi', 'paths'] }, ETAG), ...NOT_MODIFIED },
    }),
  },
  '/api/v1/me': { get: read('getMe', { summary: 'Who is asking', tags: TAGS.meta, what: 'The principal', schema: obj({ name: str, role: str, kind: str }) }) },

  '/api/v1/connections': {
    get: read('listConnections', {
      summary: 'Connections, by name',
      tags: TAGS.connections,
      parameters: [P.limit(1000, 100), P.cursor],
      what: 'A page of connections',
      paged: true,
      schema: obj({ connections: list(ref('Connection')), nextCursor: nullable(str), total: int }),
    }),
    post: operation('createConnection', {
      summary: 'Test a token and save the connection when it is accepted',
      description: 'The shared connection test runs first; nothing is saved unless the token is accepted (422 connection_test_failed).',
      tags: TAGS.connections,
      admin: true,
      body: ref('NewConnection'),
      responses: { 201: json('Saved', obj({ connection: ref('Connection'), diagnosis: obj({ verdict: str, summary: str }) })) },
    }),
  },
  '/api/v1/connections/{name}': {
    get: read('getConnection', {
      summary: 'One connection',
      tags: TAGS.connections,
      parameters: [P.name],
      what: 'The connection',
      schema: obj({ connection: ref('Connection') }),
    }),
  },
  '/api/v1/connections/{name}/runs': {
    post: operation('startRun', {
      summary: 'Start a collection (idempotent by client key)',
      description:
        'The same Idempotency-Key (or body clientKey) returns the run it started, running or finished, and never starts another. ' +
        'A collection of the connection already running (started from anywhere) is returned instead of starting a second (200, in_progress).',
      tags: TAGS.runs,
      admin: true,
      parameters: [P.name, param('Idempotency-Key', 'header', { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,200}$' }, 'Client key of this start')],
      responses: {
        202: json('Started', ref('RunStart'), { Location: { description: 'The run', schema: str } }),
        200: json('Not started: the run of the same key, or the one already running', ref('RunStart'), { Location: { description: 'The run', schema: str } }),
      },
    }),
  },
  '/api/v1/connections/{name}/schedule': {
    get: read('getSchedule', {
      summary: "The connection's collection schedule",
      tags: TAGS.schedules,
      parameters: [P.name],
      what: 'The schedule',
      schema: obj({ schedule: ref('Schedule') }),
    }),
    put: operation('setSchedule', {
      summary: 'Create or change the schedule (overlapping runs are skipped)',
      tags: TAGS.schedules,
      admin: true,
      parameters: [P.name],
      body: ref('ScheduleSettings'),
      responses: { 200: json('The schedule', obj({ schedule: ref('Schedule') })) },
    }),
    delete: operation('deleteSchedule', {
      summary: 'Delete the schedule (running collections go on)',
      tags: TAGS.schedules,
      admin: true,
      parameters: [P.name],
      responses: { 204: { description: 'Deleted' } },
    }),
  },
  ...Object.fromEntries(
    (['pause', 'resume'] as const).map((verb) => [
      `/api/v1/connections/{name}/schedule/${verb}`,
      {
        post: operation(`${verb}Schedule`, {
          summary: `${verb === 'pause' ? 'Pause' : 'Resume'} the schedule`,
          tags: TAGS.schedules,
          admin: true,
          parameters: [P.name],
          responses: { 200: json('The schedule', obj({ schedule: ref('Schedule') })) },
        }),
      },
    ]),
  ),
  '/api/v1/connections/{name}/schedule/trigger': {
    post: operation('triggerSchedule', {
      summary: 'Run the schedule now',
      description: 'While a collection of the connection is running the trigger is refused: 409 run_in_progress, Location naming the run.',
      tags: TAGS.schedules,
      admin: true,
      parameters: [P.name],
      responses: { 202: json('Triggered', obj({ schedule: ref('Schedule') })) },
    }),
  },
  '/api/v1/connections/{connection}/devices/{deviceId}': {
    get: read('getDevice', {
      summary: 'One device across the current Artifacts',
      tags: TAGS.artifacts,
      parameters: [param('connection', 'path', str, 'Connection name or id'), param('deviceId', 'path', str, 'Device id')],
      what: 'The device view',
      schema: ref('Device'),
    }),
  },

  '/api/v1/runs': {
    get: read('listRuns', {
      summary: 'Runs, newest first',
      tags: TAGS.runs,
      parameters: [P.connection, P.limit(1000, 100), P.cursor, P.updatedSince('Only runs started or finished at or after this time')],
      what: 'A page of runs',
      paged: true,
      schema: obj({ runs: list(ref('RunListItem')), nextCursor: nullable(str) }),
    }),
  },
  '/api/v1/runs/{id}': {
    get: read('getRun', {
      summary: 'A run: its progress while it runs, its summary once done',
      tags: TAGS.runs,
      parameters: [P.id('Run id')],
      what: 'The run',
      schema: ref('Run'),
    }),
  },
  '/api/v1/runs/{id}/progress': {
    get: read('getRunProgress', {
      summary: 'Live progress of a run',
      tags: TAGS.runs,
      parameters: [P.id('Run id')],
      what: 'Progress',
      schema: ref('Progress'),
    }),
  },

  '/api/v1/artifacts': {
    get: read('listArtifacts', {
      summary: 'Artifacts in publication order (oldest first)',
      description:
        'To sync: keep syncCursor and pass it as cursor next time (or pass updatedSince): only Artifacts published since come back. ' +
        'nextCursor is set while more pages follow now.',
      tags: TAGS.artifacts,
      parameters: [
        P.connection,
        param('type', 'query', str, 'Only this Artifact type'),
        param('current', 'query', { enum: ['true', 'false'], default: 'true' }, 'Only the current version of each connection and type'),
        P.limit(1000, 200),
        P.cursor,
        P.updatedSince('Only Artifacts published at or after this time'),
      ],
      what: 'A page of Artifacts',
      paged: true,
      schema: obj({ artifacts: list(ref('Artifact')), nextCursor: nullable(str), syncCursor: nullable(str) }),
    }),
  },
  '/api/v1/artifacts/{id}': {
    get: read('getArtifact', {
      summary: 'An Artifact without its records, with its versions',
      tags: TAGS.artifacts,
      parameters: [P.id('Artifact id')],
      what: 'The Artifact view',
      schema: obj({ artifact: anyObject, run: nullable(anyObject), versions: list(anyObject), moreVersions: { type: 'boolean' } }),
    }),
  },
  '/api/v1/artifacts/{id}/records': {
    get: read('listArtifactRecords', {
      summary: "An Artifact's records, a page at a time",
      tags: TAGS.artifacts,
      parameters: [
        P.id('Artifact id'),
        P.cursor,
        param('page', 'query', { type: 'integer', minimum: 1 }, 'Page number (cursor takes precedence)'),
        param('pageSize', 'query', { type: 'integer', minimum: 1, maximum: 500, default: 50 }, 'Records per page'),
        param('q', 'query', str, 'Text to find in any field'),
        param('result', 'query', str, 'Only records with this result'),
        param('sort', 'query', str, 'Field to sort by'),
        param('dir', 'query', { enum: ['asc', 'desc'] }, 'Sort direction'),
      ],
      what: 'A page of records',
      paged: true,
      schema: ref('RecordsPage'),
    }),
  },
  '/api/v1/artifacts/{id}/document': {
    get: operation('getArtifactDocument', {
      summary: 'The whole Artifact document (immutable: its ETag is its sha256)',
      tags: TAGS.artifacts,
      parameters: [P.id('Artifact id'), P.ifNoneMatch],
      responses: {
        200: {
          description: 'The document',
          headers: ETAG,
          content: { 'application/json': { schema: { type: 'object', required: ['id', 'sha256', 'records'] } } },
        },
        ...NOT_MODIFIED,
      },
    }),
  },
  '/api/v1/artifacts/{id}/records.csv': {
    get: operation('getArtifactRecordsCsv', {
      summary: 'Records as CSV',
      tags: TAGS.artifacts,
      parameters: [P.id('Artifact id')],
      responses: { 200: download('CSV', 'text/csv') },
    }),
  },
  '/api/v1/artifacts/{id}/records.json': {
    get: operation('getArtifactRecordsJson', {
      summary: 'Records as JSON',
      tags: TAGS.artifacts,
      parameters: [P.id('Artifact id')],
      responses: { 200: json('Records', { type: 'array' }) },
    }),
  },
  '/api/v1/artifacts/{id}/changes': {
    get: read('getArtifactChanges', {
      summary: 'What changed from an earlier version',
      tags: TAGS.artifacts,
      parameters: [P.id('Artifact id'), param('from', 'query', str, 'The earlier version', true)],
      what: 'Changes',
      schema: anyObject,
    }),
  },
  '/api/v1/artifacts/{id}/verify': {
    post: operation('verifyArtifact', {
      summary: 'Recompute and check the hashes',
      tags: TAGS.artifacts,
      parameters: [P.id('Artifact id')],
      responses: { 200: json('Verification', ref('Verification')) },
    }),
  },

  '/api/v1/webhooks': {
    get: read('listWebhooks', {
      summary: 'Registered webhooks (never their secrets)',
      tags: TAGS.webhooks,
      admin: true,
      what: 'Webhooks',
      schema: obj({ webhooks: list(ref('Webhook')) }),
    }),
    post: operation('createWebhook', {
      summary: 'Register a webhook; its signing secret is in this answer only',
      description:
        'Deliveries POST an Event as JSON with headers Iru-Evidence-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the secret>, ' +
        'Iru-Evidence-Event-Id, Iru-Evidence-Event-Type and Iru-Evidence-Delivery-Id. Anything but a 2xx within 10 s is retried with exponential backoff ' +
        '(6 attempts over about an hour). url: https, or http to this machine only.',
      tags: TAGS.webhooks,
      admin: true,
      body: obj({ url: str, events: list({ enum: [...EVENT_TYPES] }) }, { optional: ['events'] }),
      responses: { 201: json('Registered', obj({ webhook: ref('Webhook'), secret: { type: 'string', pattern: '^whsec_' } })) },
    }),
  },
  '/api/v1/webhooks/{id}': {
    get: read('getWebhook', {
      summary: 'One webhook',
      tags: TAGS.webhooks,
      admin: true,
      parameters: [P.id('Webhook id')],
      what: 'The webhook',
      schema: obj({ webhook: ref('Webhook') }),
    }),
    delete: operation('deleteWebhook', {
      summary: 'Delete a webhook and its deliveries',
      tags: TAGS.webhooks,
      admin: true,
      parameters: [P.id('Webhook id')],
      responses: { 204: { description: 'Deleted' } },
    }),
  },
  '/api/v1/webhooks/{id}/deliveries': {
    get: read('listWebhookDeliveries', {
      summary: 'Deliveries, newest first, with their attempts',
      tags: TAGS.webhooks,
      admin: true,
      parameters: [P.id('Webhook id'), P.limit(500, 100), P.cursor],
      what: 'A page of deliveries',
      paged: true,
      schema: obj({ deliveries: list(ref('Delivery')), nextCursor: nullable(str) }),
    }),
  },

  '/api/v1/posture': {
    get: read('getPosture', {
      summary: 'Posture per framework: verdicts, the failing and unevaluated checks, connection warnings, the pass-rate trend',
      tags: TAGS.catalog,
      parameters: [P.connection, param('framework', 'query', str, 'Only this framework (its id)'), ...P.period],
      what: 'Posture',
      schema: ref('Posture'),
    }),
  },
  '/api/v1/frameworks': {
    get: read('listFrameworks', { summary: 'Frameworks', tags: TAGS.catalog, parameters: [P.connection], what: 'Frameworks', schema: ref('Frameworks') }),
  },
  '/api/v1/frameworks/{framework}': {
    get: read('getFramework', {
      summary: 'A framework and its controls',
      tags: TAGS.catalog,
      parameters: [param('framework', 'path', str, 'Framework id'), P.connection],
      what: 'Framework',
      schema: ref('Framework'),
    }),
  },
  '/api/v1/frameworks/{framework}/controls/{control}': {
    get: read('getControl', {
      summary: 'A control, its actions and Artifacts',
      tags: TAGS.catalog,
      parameters: [param('framework', 'path', str, 'Framework id'), param('control', 'path', str, 'Control id'), P.connection, ...P.period],
      what: 'Control',
      schema: ref('Control'),
    }),
  },
  '/api/v1/exports/package.zip': {
    get: operation('exportPackage', {
      summary: 'Evidence package (ZIP)',
      tags: TAGS.exports,
      parameters: [P.connection],
      responses: { 200: download('ZIP', 'application/zip') },
    }),
  },
  '/api/v1/exports/oscal.json': {
    get: operation('exportOscal', {
      summary: 'OSCAL assessment results',
      tags: TAGS.exports,
      parameters: [P.connection],
      responses: { 200: json('OSCAL', anyObject) },
    }),
  },

  '/api/v1/users': {
    get: read('listUsers', { summary: 'Web users', tags: TAGS.admin, admin: true, what: 'Users', schema: obj({ users: list(ref('User')) }) }),
    post: operation('createUser', {
      summary: 'Add a web user',
      tags: TAGS.admin,
      admin: true,
      body: obj({ username: str, password: str, role: webRole }),
      responses: { 201: json('Added', obj({ user: ref('User') })) },
    }),
  },
  '/api/v1/exceptions': {
    get: read('listExceptions', {
      summary: 'Exceptions: in force, ended and revoked',
      tags: TAGS.admin,
      admin: true,
      what: 'Exceptions',
      schema: obj({ exceptions: list(ref('Exception')) }),
    }),
    post: operation('grantException', {
      summary: 'Except a device (one check or all) until a last day; applies from the next collection',
      tags: TAGS.admin,
      admin: true,
      body: obj(
        {
          connection: { ...str, description: 'Connection name or id' },
          deviceId: { ...str, description: 'The Iru device id' },
          check: { ...str, description: 'An Artifact type judged per device; omit for every check of the device' },
          justification: str,
          expiresOn: { ...day, description: 'The last day it applies (UTC), inclusive' },
        },
        { optional: ['check'] },
      ),
      responses: { 201: json('Granted', obj({ exception: ref('Exception') })) },
    }),
  },
  '/api/v1/exceptions/{id}/revoke': {
    post: operation('revokeException', {
      summary: 'Revoke an exception',
      tags: TAGS.admin,
      admin: true,
      parameters: [P.id('Exception id')],
      responses: { 200: json('Revoked', obj({ exception: ref('Exception') })) },
    }),
  },
  '/api/v1/invitations': {
    get: read('listInvitations', {
      summary: 'Pending invitations',
      tags: TAGS.admin,
      admin: true,
      what: 'Invitations',
      schema: obj({ invitations: list(ref('Invitation')) }),
    }),
    post: operation('createInvitation', {
      summary: 'Invite someone',
      tags: TAGS.admin,
      admin: true,
      body: obj(
        {
          role: { enum: [...INVITABLE_ROLES] },
          accessUntil: { ...day, description: "The last day of the invitee's access (UTC)" },
          linkValidDays: { ...int, description: 'How long the link works, in days (never past accessUntil)' },
          note: { ...str, description: 'Who it is for' },
        },
        { optional: ['linkValidDays', 'note'] },
      ),
      responses: {
        201: json('Invitation; the token and the link path are shown this once', obj({ token: str, path: str, invitation: ref('Invitation') })),
      },
    }),
  },
  '/api/v1/invitations/{id}/revoke': {
    post: operation('revokeInvitation', {
      summary: 'Revoke an invitation',
      tags: TAGS.admin,
      admin: true,
      parameters: [P.id('Invitation id')],
      responses: { 200: json('Revoked', obj({ invitation: ref('Invitation') })) },
    }),
  },
  '/api/v1/api-keys': {
    get: read('listApiKeys', {
      summary: 'API keys (never the keys)',
      tags: TAGS.admin,
      admin: true,
      what: 'API keys',
      schema: obj({ apiKeys: list(ref('ApiKey')) }),
    }),
    post: operation('createApiKey', {
      summary: 'Issue an API key (shown once)',
      tags: TAGS.admin,
      admin: true,
      body: obj({ name: str, scope: { enum: [...API_KEY_SCOPES] } }),
      responses: { 201: json('Issued', obj({ key: str, apiKey: ref('ApiKey') })) },
    }),
  },
  '/api/v1/api-keys/{id}/rotate': {
    post: operation('rotateApiKey', {
      summary: 'Rotate a key (the old one works 24 h more)',
      tags: TAGS.admin,
      admin: true,
      parameters: [P.id('Key id')],
      responses: { 201: json('Rotated', obj({ key: str, apiKey: ref('ApiKey'), previous: ref('ApiKey') })) },
    }),
  },
  '/api/v1/api-keys/{id}/invalidate': {
    post: operation('invalidateApiKey', {
      summary: 'Invalidate a key at once',
      tags: TAGS.admin,
      admin: true,
      parameters: [P.id('Key id')],
      responses: { 200: json('Invalidated', obj({ apiKey: ref('ApiKey') })) },
    }),
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'iru-evidence API',
    version: '1',
    description:
      'Compliance evidence collected from the Iru Endpoint API: connections, collections (runs) and their schedules, Artifacts and their ' +
      'records, and signed webhooks. Authenticate with an API key (Authorization: Bearer iruev_...); admin-scope keys may start runs and change ' +
      'schedules and webhooks. Lists page with an opaque cursor (nextCursor, Link rel="next"). GETs answer with a strong ETag and 304 to If-None-Match.',
  },
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  servers: [{ url: '/' }],
  security: [{ apiKey: [] }, { session: [] }],
  tags: Object.values(TAGS).map(([name]) => ({ name })),
  paths,
  webhooks: {
    event: {
      post: {
        summary: 'An event delivered to a registered webhook',
        requestBody: { required: true, content: { 'application/json': { schema: ref('Event') } } },
        responses: { '2XX': { description: 'Received; anything else is retried' } },
      },
    },
  },
  components: {
    schemas,
    securitySchemes: {
      apiKey: { type: 'http', scheme: 'bearer', description: 'An iru-evidence API key (iruev_...), scope read or admin' },
      session: { type: 'apiKey', in: 'cookie', name: 'iru_session', description: 'A signed-in web session (state-changing requests need X-CSRF-Token)' },
    },
  },
} as const;
