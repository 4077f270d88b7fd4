import { FAILURES, failureOfError } from '../failures/index.js';
import { BadInputError, ConflictError, NotFoundError } from '../read-model/errors.js';

/** An error the client caused, with the status and message it gets. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    /** Response headers it comes with (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Status and message for any error; internal details never reach the client. */
export function describeError(error: unknown): { status: number; message: string; internal: boolean; headers?: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, internal: false, headers: error.headers };
  if (error instanceof BadInputError) return { status: 400, message: error.message, internal: false };
  if (error instanceof NotFoundError) return { status: 404, message: error.message, internal: false };
  if (error instanceof ConflictError) return { status: 409, message: error.message, internal: false };
  const failure = failureOfError(error);
  if (failure !== FAILURES.unexpected && failure.kind !== 'internal') return { status: failure.httpStatus, message: (error as Error).message, internal: false };
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, message: (error as Error).message, internal: false };
  return { status: 500, message: 'Internal error: the server log has the details', internal: true };
}
