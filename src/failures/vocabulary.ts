import { EXIT_CODES, EXIT_OF_KIND, HTTP_STATUS_OF_KIND, type ExitCode, type FailureKind } from './kinds.js';

/**
 * Error types: the `code` of our error classes and the type of the Temporal ApplicationFailure an activity fails
 * with (what `nonRetryableErrorTypes` matches). Defined here and nowhere else.
 */
export const ERROR_TYPES = {
  tokenRejected: 'IRU_TOKEN_REJECTED',
  unauthorized: 'IRU_UNAUTHORIZED',
  forbidden: 'IRU_FORBIDDEN',
  notFound: 'IRU_NOT_FOUND',
  rateLimited: 'IRU_RATE_LIMITED',
  serverError: 'IRU_SERVER_ERROR',
  httpError: 'IRU_HTTP_ERROR',
  networkError: 'IRU_NETWORK_ERROR',
  timeout: 'IRU_TIMEOUT',
  invalidResponse: 'IRU_INVALID_RESPONSE',
  incompleteList: 'IRU_INCOMPLETE_LIST',
  requestRefused: 'IRU_REQUEST_REFUSED',
  invalidBaseUrl: 'IRU_INVALID_BASE_URL',
  tenantNotFound: 'IRU_TENANT_NOT_FOUND',
  hostUnreachable: 'IRU_HOST_UNREACHABLE',
  offline: 'IRU_OFFLINE',
  budgetUnavailable: 'IRU_BUDGET_UNAVAILABLE',
  storeUnavailable: 'IRU_EVIDENCE_STORE_UNAVAILABLE',
  storeConfigInvalid: 'IRU_EVIDENCE_STORE_CONFIG_INVALID',
  keyInvalid: 'IRU_EVIDENCE_KEY_INVALID',
  homeUnsafe: 'IRU_EVIDENCE_HOME_UNSAFE',
  connectionNotFound: 'CONNECTION_NOT_FOUND',
  connectionDeleted: 'CONNECTION_DELETED',
  unknownSource: 'UNKNOWN_SOURCE',
  unknownArtifact: 'UNKNOWN_ARTIFACT',
  artifactInvalid: 'ARTIFACT_SCHEMA_INVALID',
  artifactRecordsMismatch: 'ARTIFACT_RECORDS_MISMATCH',
  temporalCliNotFound: 'TEMPORAL_CLI_NOT_FOUND',
  temporalUnreachable: 'TEMPORAL_UNREACHABLE',
  noWorker: 'TEMPORAL_NO_WORKER',
  sourcesToRetry: 'SOURCES_TO_RETRY',
  cancelled: 'RUN_CANCELLED',
  unexpected: 'UNEXPECTED',
} as const;

export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];

/** What a failure does to the connection: nothing, needs_attention, or needs_attention once it worked at an earlier run. */
export type ConnectionEffect = 'unchanged' | 'needs_attention' | 'needs_attention_if_revoked';

export interface Failure {
  /** Stable: in run summaries, `--json`, the web, notifications and exports. */
  code: string;
  kind: FailureKind;
  /** The error types that mean this failure. */
  types: readonly ErrorType[];
  /** Whether sending the same request again may help (done in-process), and whether running the source again may. */
  retryable: { request: boolean; source: boolean };
  connection: ConnectionEffect;
  exitCode: ExitCode;
  httpStatus: number;
  /** What an admin should do about it. */
  remedy?: string;
}

function failure(
  code: string,
  kind: FailureKind,
  types: readonly ErrorType[],
  options: { retryable?: boolean | Failure['retryable']; connection?: ConnectionEffect; exitCode?: ExitCode; httpStatus?: number; remedy?: string } = {},
): Failure {
  const retryable = typeof options.retryable === 'object' ? options.retryable : { request: options.retryable ?? false, source: options.retryable ?? false };
  return {
    code,
    kind,
    types,
    retryable,
    connection: options.connection ?? 'unchanged',
    exitCode: options.exitCode ?? EXIT_OF_KIND[kind],
    httpStatus: options.httpStatus ?? HTTP_STATUS_OF_KIND[kind],
    ...(options.remedy ? { remedy: options.remedy } : {}),
  };
}

const NEW_TOKEN =
  'In Iru, open Access > API tokens, create a token (it is shown only once), grant it GET permissions, and save it with `iru-evidence connect`.';
const API_URL = 'Iru shows the right address as "Your organization\'s API URL" under Access > API tokens';
const REPORT = 'If it persists, report it with this message.';

/** Every failure the product knows, by stable code. */
export const FAILURES = {
  token_rejected: failure('token_rejected', 'credentials', [ERROR_TYPES.tokenRejected], { connection: 'needs_attention', remedy: NEW_TOKEN }),
  unauthorized: failure('unauthorized', 'credentials', [ERROR_TYPES.unauthorized], {
    remedy: 'Iru answers 401 both for a rejected token and, on some tenants, for a missing permission: run `iru-evidence diagnose` to tell which.',
  }),
  permission_denied: failure('permission_denied', 'permission', [ERROR_TYPES.forbidden], {
    connection: 'needs_attention_if_revoked',
    remedy:
      "In Iru, open Access > API tokens, edit this token's Permissions and enable GET for this endpoint (run `iru-evidence diagnose` for the " +
      'exact permission name).',
  }),
  not_entitled: failure('not_entitled', 'entitlement', []),
  not_found: failure('not_found', 'invalid_response', [ERROR_TYPES.notFound], { remedy: `Check the connection's base URL (iru-evidence diagnose). ${REPORT}` }),
  rate_limited: failure('rate_limited', 'rate_limit', [ERROR_TYPES.rateLimited], {
    retryable: true,
    remedy: "The tenant's hourly quota is exhausted (shared with its other API clients); the next scheduled collection will retry.",
  }),
  transient: failure('transient', 'transient_upstream', [ERROR_TYPES.serverError, ERROR_TYPES.networkError, ERROR_TYPES.timeout, ERROR_TYPES.sourcesToRetry], {
    retryable: true,
  }),
  incomplete_list: failure('incomplete_list', 'transient_upstream', [ERROR_TYPES.incompleteList], {
    retryable: true,
    remedy: `Rows moved while the list was read, or Iru ended it before its count; the next collection reads it again. ${REPORT}`,
  }),
  invalid_response: failure('invalid_response', 'invalid_response', [ERROR_TYPES.invalidResponse], {
    retryable: { request: true, source: false },
    remedy:
      `Iru (or a proxy in front of it) answered with something other than the documented shape; nothing is wrong with the token or its ` +
      `permissions. ${REPORT}`,
  }),
  http_error: failure('http_error', 'invalid_response', [ERROR_TYPES.httpError], { remedy: `Iru (or a proxy in front of it) refused the request. ${REPORT}` }),
  request_refused: failure('request_refused', 'internal', [ERROR_TYPES.requestRefused], {
    remedy: `The collector refused to send a request that is not a read-only GET of the API: a bug of iru-evidence. ${REPORT}`,
  }),
  artifact_invalid: failure('artifact_invalid', 'internal', [ERROR_TYPES.artifactInvalid], {
    remedy: `An Artifact did not match its schema: a bug of iru-evidence. ${REPORT}`,
  }),
  artifact_records_mismatch: failure('artifact_records_mismatch', 'internal', [ERROR_TYPES.artifactRecordsMismatch], {
    retryable: true,
    remedy: `An Artifact's stored records were not the ones its build wrote, so it was not published; the build is tried again. ${REPORT}`,
  }),
  unknown_artifact: failure('unknown_artifact', 'internal', [ERROR_TYPES.unknownArtifact], {
    remedy: `The run asked for an Artifact type this worker does not know: run workers of one version. ${REPORT}`,
  }),
  unexpected: failure('unexpected', 'internal', [ERROR_TYPES.unexpected], { retryable: true, remedy: `The worker log has the details. ${REPORT}` }),
  budget_unavailable: failure('budget_unavailable', 'environment', [ERROR_TYPES.budgetUnavailable], {
    retryable: true,
    remedy:
      'Check that Redis (REDIS_URL) is running and reachable from every worker; the next collection retries. Without it no request is sent, ' +
      "rather than risk exceeding the tenant's share.",
  }),
  store_unavailable: failure('store_unavailable', 'environment', [ERROR_TYPES.storeUnavailable], {
    retryable: true,
    remedy: 'Check that the database (DATABASE_URL) is running and reachable.',
  }),
  store_config_invalid: failure('store_config_invalid', 'environment', [ERROR_TYPES.storeConfigInvalid], { remedy: 'Fix DATABASE_URL.' }),
  temporal_cli_not_found: failure('temporal_cli_not_found', 'environment', [ERROR_TYPES.temporalCliNotFound], {
    remedy: 'Set TEMPORAL_ADDRESS to a running Temporal server, or make the Temporal CLI available for the embedded one (TEMPORAL_CLI, or `temporal` on PATH).',
  }),
  temporal_unreachable: failure('temporal_unreachable', 'environment', [ERROR_TYPES.temporalUnreachable], {
    remedy:
      'Run `iru-evidence dev` (Temporal, a worker and the web app on one machine), or set TEMPORAL_ADDRESS to a running Temporal server and run `iru-evidence worker`.',
  }),
  no_worker: failure('no_worker', 'environment', [ERROR_TYPES.noWorker], {
    remedy: 'Start a worker on the same Temporal server and task queue: `iru-evidence worker` (or `iru-evidence dev`, which runs one).',
  }),
  key_invalid: failure('key_invalid', 'environment', [ERROR_TYPES.keyInvalid], { remedy: 'Set IRU_EVIDENCE_KEY to the key the tokens were saved with.' }),
  home_unsafe: failure('home_unsafe', 'environment', [ERROR_TYPES.homeUnsafe], {
    remedy: 'Point IRU_EVIDENCE_HOME at a folder of your own (or a path that does not exist yet, which is created with mode 0700).',
  }),
  invalid_base_url: failure('invalid_base_url', 'bad_input', [ERROR_TYPES.invalidBaseUrl]),
  tenant_not_found: failure('tenant_not_found', 'bad_input', [ERROR_TYPES.tenantNotFound], {
    remedy: `Check the region and app segment (or --base-url): ${API_URL}.`,
  }),
  host_unreachable: failure('host_unreachable', 'transient_upstream', [ERROR_TYPES.hostUnreachable], {
    remedy: 'Check the base URL and the network path from this machine to the Iru API (proxy, firewall, VPN), then try again.',
  }),
  offline: failure('offline', 'environment', [ERROR_TYPES.offline], {
    remedy: 'No host name resolves from this machine: check its network connection, DNS or proxy, then try again.',
  }),
  connection_not_found: failure('connection_not_found', 'bad_input', [ERROR_TYPES.connectionNotFound], { httpStatus: 404 }),
  connection_deleted: failure('connection_deleted', 'bad_input', [ERROR_TYPES.connectionDeleted], {
    httpStatus: 409,
    remedy:
      'Connect the tenant again under another name (`iru-evidence connect` or Connections > Add a connection); the deleted connection keeps its evidence.',
  }),
  unknown_source: failure('unknown_source', 'bad_input', [ERROR_TYPES.unknownSource]),
  cancelled: failure('cancelled', 'bad_input', [ERROR_TYPES.cancelled], {
    exitCode: EXIT_CODES.INTERRUPTED,
    remedy: 'The run was cancelled on request (Ctrl-C with --cancel-on-interrupt); nothing was published, the earlier Artifacts stay current.',
  }),
} as const satisfies Record<string, Failure>;

export type FailureCode = keyof typeof FAILURES;
