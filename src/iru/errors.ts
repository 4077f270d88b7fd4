import { ERROR_TYPES, isRetryableRequest } from '../failures/index.js';

/** A request as it may appear in errors, logs and workflow history: method and URL, never the token. */
export interface RedactedRequest {
  method: string;
  url: string;
}

const T = ERROR_TYPES;

/** The codes of IruError, from the failure vocabulary. */
export type IruErrorCode =
  | typeof T.tokenRejected
  | typeof T.unauthorized
  | typeof T.forbidden
  | typeof T.notFound
  | typeof T.rateLimited
  | typeof T.serverError
  | typeof T.httpError
  | typeof T.networkError
  | typeof T.timeout
  | typeof T.invalidResponse
  | typeof T.incompleteList
  | typeof T.requestRefused;

export class IruError extends Error {
  override readonly name: string = 'IruError';
  readonly code: IruErrorCode;
  /** HTTP status, 0 when no response arrived. */
  readonly status: number;
  readonly request: RedactedRequest;

  constructor(code: IruErrorCode, message: string, status: number, request: RedactedRequest, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = status;
    this.request = request;
  }

  /** Whether sending the same request again may help, by the failure vocabulary. */
  get retryable(): boolean {
    return isRetryableRequest(this.code);
  }
}

export class IruUnauthorizedError extends IruError {
  override readonly name = 'IruUnauthorizedError';
  constructor(request: RedactedRequest) {
    super(
      T.unauthorized,
      `Iru answered 401 Unauthorized for ${describe(request)}: the API token is invalid, revoked or expired, or lacks this endpoint's permission`,
      401,
      request,
    );
  }
}

export class IruForbiddenError extends IruError {
  override readonly name = 'IruForbiddenError';
  constructor(request: RedactedRequest) {
    super(T.forbidden, `Iru answered 403 Forbidden for ${describe(request)}: the API token lacks the GET permission for this endpoint`, 403, request);
  }
}

export class IruNotFoundError extends IruError {
  override readonly name = 'IruNotFoundError';
  constructor(request: RedactedRequest) {
    super(T.notFound, `Iru answered 404 Not Found for ${describe(request)}`, 404, request);
  }
}

export class IruRateLimitedError extends IruError {
  override readonly name = 'IruRateLimitedError';
  /** How long Iru asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number;
  constructor(request: RedactedRequest, retryAfterMs: number) {
    super(T.rateLimited, `Iru answered 429 (API rate limit exceeded) for ${describe(request)}; retry after ${Math.ceil(retryAfterMs / 1000)} s`, 429, request);
    this.retryAfterMs = retryAfterMs;
  }
}

export class IruServerError extends IruError {
  override readonly name = 'IruServerError';
  constructor(request: RedactedRequest, status: number) {
    super(T.serverError, `Iru answered ${status} (server error) for ${describe(request)}`, status, request);
  }
}

export class IruHttpError extends IruError {
  override readonly name = 'IruHttpError';
  constructor(request: RedactedRequest, status: number, detail: string) {
    super(T.httpError, `Iru answered ${status} for ${describe(request)}${detail ? `: ${detail}` : ''}`, status, request);
  }
}

export class IruNetworkError extends IruError {
  override readonly name = 'IruNetworkError';
  constructor(request: RedactedRequest, cause: unknown) {
    super(T.networkError, `Could not reach Iru for ${describe(request)}: ${causeText(cause)}`, 0, request, { cause });
  }
}

export class IruTimeoutError extends IruError {
  override readonly name = 'IruTimeoutError';
  constructor(request: RedactedRequest, timeoutMs: number) {
    super(T.timeout, `Iru did not answer ${describe(request)} within ${timeoutMs} ms`, 0, request);
  }
}

export class IruInvalidResponseError extends IruError {
  override readonly name = 'IruInvalidResponseError';
  /** What was wrong, as data (zod-style issues or a parse error). */
  readonly issues: { path: string; message: string }[];
  constructor(request: RedactedRequest, status: number, issues: { path: string; message: string }[]) {
    const first = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    super(
      T.invalidResponse,
      `Iru sent a response to ${describe(request)} that does not match the documented shape ` +
        `(${first.join('; ')}${issues.length > 3 ? `; and ${issues.length - 3} more` : ''})`,
      status,
      request,
    );
    this.issues = issues;
  }
}

/** A paged list ended before its count: its rows are not a result. Retryable, since rows may have moved while it was read. */
export class IruIncompleteListError extends IruError {
  override readonly name = 'IruIncompleteListError';
  constructor(request: RedactedRequest, status: number, rowsRead: number, total: number | undefined, why = 'an empty page came before the end') {
    const count = total === undefined ? '' : ` of the ${total} its count announced`;
    super(
      T.incompleteList,
      `Iru's list ended after ${rowsRead} rows${count} (${why}) at ${describe(request)}: the source fails rather than give a truncated list`,
      status,
      request,
    );
  }
}

export class IruRequestRefusedError extends IruError {
  override readonly name = 'IruRequestRefusedError';
  constructor(request: RedactedRequest, reason: string) {
    super(T.requestRefused, `Refused to send ${describe(request)}: ${reason}`, 0, request);
  }
}

/**
 * Iru answered 401 to every one of several different endpoints and nothing succeeded: the token is rejected. Iru
 * answers a token with no permission at all the same way, so the message says that the two cannot be told apart.
 */
export class IruTokenRejectedError extends IruError {
  override readonly name = 'IruTokenRejectedError';
  readonly endpoints: readonly string[];
  constructor(request: RedactedRequest, endpoints: readonly string[]) {
    super(
      T.tokenRejected,
      `Iru rejected the API token: it answered 401 Unauthorized to each of ${endpoints.length} different endpoints (${endpoints.join(', ')}) and ` +
        `accepted none. The token is invalid, revoked or expired, or it has no GET permission at all (Iru answers both the same way, so they ` +
        `cannot be told apart).`,
      401,
      request,
    );
    this.endpoints = endpoints;
  }
}

export function isIruError(error: unknown): error is IruError {
  return error instanceof IruError;
}

function describe(request: RedactedRequest): string {
  return `${request.method} ${request.url}`;
}

function causeText(cause: unknown): string {
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') {
    const message = 'message' in cause && typeof cause.message === 'string' ? cause.message : '';
    return `${cause.code}${message ? ` (${message})` : ''}`;
  }
  return cause instanceof Error ? cause.message : String(cause);
}
