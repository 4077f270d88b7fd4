/** An error response a route or pagination style raises; the server renders it. */

export type ErrorBody = { kind: 'json'; value: unknown } | { kind: 'not-found-html' };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(`simulated API error ${status}`);
  }

  static detail(status: number, detail: string): ApiError {
    return new ApiError(status, { kind: 'json', value: { detail } });
  }

  /** Django's HTML 404: unknown paths, unknown ids, tenants without the entitlement. */
  static notFound(): ApiError {
    return new ApiError(404, { kind: 'not-found-html' });
  }
}
