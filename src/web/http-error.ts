import { FAILURES, failureOfError, type FailureCode } from '../failures/index.js';
import { BadInputError, ConflictError, NotFoundError } from '../read-model/errors.js';

/**
 * The stable codes of the JSON API's errors (`{"error": {"code", "message", "remedy"}}`). Failures of the collection
 * itself (an Iru token rejected, the store unavailable, ...) carry the failure vocabulary's codes instead.
 */
export const API_ERROR_CODES = [
  'bad_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'run_in_progress',
  'gone',
  'payload_too_large',
  'connection_test_failed',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'bad_input',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'bad_input',
  422: 'connection_test_failed',
  429: 'rate_limited',
  503: 'unavailable',
};

/** What to do about each code, when the error itself does not say more. */
const REMEDY: Record<ApiErrorCode, string> = {
  bad_input: 'Correct the request as the message says and send it again; nothing was changed.',
  unauthorized: 'Send an API key as "Authorization: Bearer <key>"; an admin creates keys under Admin > API keys (or POST /api/v1/api-keys).',
  forbidden: 'Use an admin API key (scope "admin") or ask an admin to do it.',
  not_found: 'Check the id or name: list what exists with the collection route (e.g. GET /api/v1/connections, /api/v1/runs).',
  conflict: 'Read the current state (GET the resource) and decide again; nothing was changed.',
  run_in_progress: "Wait for the running collection to finish (GET /api/v1/runs/{id} shows its progress); it collects the connection's evidence anyway.",
  gone: 'Ask for a new one.',
  payload_too_large: 'Send a smaller request body (at most 64 KiB).',
  connection_test_failed: 'Fix what the connection test names (the token, its permissions, the address) and send the request again; nothing was saved.',
  rate_limited: 'Wait for the time in the Retry-After header and send the request again.',
  unavailable: 'Try again in a moment.',
  internal: 'The server log has the details. If it persists, report it with the time of the request.',
};

/** An error the client caused, with the status, code and message it gets. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    /** Response headers it comes with (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
    /** A code more specific than the status's own (e.g. run_in_progress for a 409), or the failure vocabulary's. */
    readonly code?: ApiErrorCode | FailureCode,
    readonly remedy?: string,
  ) {
    super(message);
  }
}

export interface DescribedError {
  status: number;
  code: string;
  message: string;
  remedy: string;
  internal: boolean;
  headers?: Record<string, string>;
}

/** Status, stable code, message and remedy for any error; internal details never reach the client. */
export function describeError(error: unknown): DescribedError {
  const known = (status: number, message: string, code: string = codeOfStatus(status), remedy?: string, headers?: Record<string, string>): DescribedError => ({
    status,
    code,
    message,
    remedy: remedy ?? REMEDY[code as ApiErrorCode] ?? REMEDY.internal,
    internal: false,
    ...(headers ? { headers } : {}),
  });
  if (error instanceof HttpError) return known(error.status, error.message, error.code, error.remedy, error.headers);
  if (error instanceof BadInputError) return known(400, error.message);
  if (error instanceof NotFoundError) return known(404, error.message);
  if (error instanceof ConflictError) return known(409, error.message);
  const failure = failureOfError(error);
  if (failure !== FAILURES.unexpected && failure.kind !== 'internal') return known(failure.httpStatus, (error as Error).message, failure.code, failure.remedy);
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return known(status, (error as Error).message);
  return { status: 500, code: 'internal', message: 'Internal error: the server log has the details', remedy: REMEDY.internal, internal: true };
}

function codeOfStatus(status: number): ApiErrorCode {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_input');
}

/** The JSON API's error body. `status` repeats the HTTP status for clients that read only the body. */
export function apiErrorBody(described: Pick<DescribedError, 'status' | 'code' | 'message' | 'remedy'>) {
  return { error: { code: described.code, message: described.message, remedy: described.remedy, status: described.status } };
}
