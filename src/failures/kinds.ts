/** Exit codes of every iru-evidence command (README "Exit codes"). */
export const EXIT_CODES = {
  /** Done; for `collect`, the run succeeded. */
  OK: 0,
  /** The collection failed, or Iru could not be reached (connection refused, TLS, timeout). */
  RUN_FAILED: 1,
  /** Bad flags or input; nothing was changed. */
  USAGE: 2,
  /** Iru rejected the API token (401). */
  UNAUTHORIZED: 3,
  /** Temporal, the store or the environment is not usable, or this machine is offline. */
  ENVIRONMENT: 4,
  /** `collect`: the run finished with some sources not read (its Artifacts are published, some not evaluable). */
  PARTIAL: 5,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + SIGINT, as shells report it. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * What kind of failure it is, and so whose doing:
 * - credentials, permission, entitlement: the customer's tenant or token (said only on positive proof);
 * - rate_limit, transient_upstream: passing, the next attempt may get through;
 * - invalid_response: Iru (or a proxy) answered something we cannot use: not the customer's doing;
 * - internal: our own bug; environment: this installation (Temporal, store, Redis, key); bad_input: what the user typed.
 */
export type FailureKind =
  'credentials' | 'permission' | 'entitlement' | 'rate_limit' | 'transient_upstream' | 'invalid_response' | 'internal' | 'environment' | 'bad_input';

export type Fault = 'customer' | 'passing' | 'upstream' | 'ours' | 'installation' | 'user';

export const FAULT_OF_KIND: Readonly<Record<FailureKind, Fault>> = {
  credentials: 'customer',
  permission: 'customer',
  entitlement: 'customer',
  rate_limit: 'passing',
  transient_upstream: 'passing',
  invalid_response: 'upstream',
  internal: 'ours',
  environment: 'installation',
  bad_input: 'user',
};

/** The exit code of a run or command that failed for a failure of this kind. */
export const EXIT_OF_KIND: Readonly<Record<FailureKind, ExitCode>> = {
  credentials: EXIT_CODES.UNAUTHORIZED,
  permission: EXIT_CODES.RUN_FAILED,
  entitlement: EXIT_CODES.RUN_FAILED,
  rate_limit: EXIT_CODES.RUN_FAILED,
  transient_upstream: EXIT_CODES.RUN_FAILED,
  invalid_response: EXIT_CODES.RUN_FAILED,
  internal: EXIT_CODES.RUN_FAILED,
  environment: EXIT_CODES.ENVIRONMENT,
  bad_input: EXIT_CODES.USAGE,
};

/**
 * The status the web app and its API answer with when a request fails for a failure of this kind. A failure of Iru
 * is a bad gateway (502), never 401/403: those mean the web user's own session or role.
 */
export const HTTP_STATUS_OF_KIND: Readonly<Record<FailureKind, number>> = {
  credentials: 502,
  permission: 502,
  entitlement: 502,
  rate_limit: 503,
  transient_upstream: 502,
  invalid_response: 502,
  internal: 500,
  environment: 503,
  bad_input: 400,
};
