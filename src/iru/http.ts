import { Pool, errors as undiciErrors } from 'undici';
import {
  IruError,
  IruForbiddenError,
  IruHttpError,
  IruInvalidResponseError,
  IruNetworkError,
  IruNotFoundError,
  IruRateLimitedError,
  IruServerError,
  IruTimeoutError,
  IruUnauthorizedError,
  type RedactedRequest,
} from './errors.js';
import { scrubSecrets } from '../failures/index.js';
import { CredentialGate } from './credential-gate.js';
import { sleep, type TenantLimiter } from './limiter.js';
import { assertReadOnlyRequest } from './read-only-guard.js';
import { rateLimitWait, readRateLimitHeaders, type RateLimitHeaders } from './rate-limit-headers.js';

export interface IruHttpOptions {
  baseUrl: URL;
  token: string;
  limiter: TenantLimiter;
  /** Whole-request deadline (headers and body). */
  timeoutMs?: number;
  connections?: number;
  maxResponseBytes?: number;
  /** Attempts for transient failures (5xx, network, timeout, malformed body), each through the limiter. */
  maxAttempts?: number;
  /** Longest Retry-After waited out in-process; longer ones surface as IruRateLimitedError for a durable wait. */
  maxInlineRateLimitWaitMs?: number;
  userAgent?: string;
  onResponse?: (event: ResponseEvent) => void;
  /** Bottleneck priority of this client's requests (0 first, 9 last; 5 by default). */
  priority?: number;
  /** Shared by the clients of one run, so that a rejected token is found once, with at most 3 requests. */
  credentials?: CredentialGate;
}

export interface ResponseEvent {
  request: RedactedRequest;
  status: number;
  durationMs: number;
  rateLimit: RateLimitHeaders;
}

export interface IruResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  request: RedactedRequest;
}

export interface HttpStats {
  requests: number;
  rateLimitWaitMs: number;
  retries: number;
}

/** Parses a JSON body into the caller's shape; throw IruInvalidResponseError to have the page fetched again. */
export type ResponseParser<T> = (response: IruResponse) => T;

const DEFAULTS = { timeoutMs: 30_000, connections: 4, maxResponseBytes: 64 * 1024 * 1024, maxAttempts: 4, maxInlineRateLimitWaitMs: 120_000, priority: 5 };

/**
 * The only door to the Iru API: GET only, never /secrets/, bearer token kept private, every request through the
 * tenant's limiter, typed errors that carry the request without the token.
 */
export class IruHttp {
  readonly baseUrl: URL;
  readonly stats: HttpStats = { requests: 0, rateLimitWaitMs: 0, retries: 0 };
  readonly #token: string;
  readonly #pool: Pool;
  readonly #options: Required<Omit<IruHttpOptions, 'onResponse' | 'baseUrl' | 'token' | 'limiter' | 'userAgent' | 'credentials'>> &
    Pick<IruHttpOptions, 'onResponse'>;
  readonly limiter: TenantLimiter;
  readonly credentials: CredentialGate;
  readonly #userAgent: string;

  constructor(options: IruHttpOptions) {
    this.baseUrl = options.baseUrl;
    this.#token = options.token;
    this.limiter = options.limiter;
    this.credentials = options.credentials ?? new CredentialGate();
    this.#userAgent = options.userAgent ?? 'iru-evidence';
    this.#options = { ...DEFAULTS, ...stripUndefined(options), onResponse: options.onResponse };
    this.#pool = new Pool(this.baseUrl.origin, {
      connections: this.#options.connections,
      pipelining: 1,
      headersTimeout: this.#options.timeoutMs,
      bodyTimeout: this.#options.timeoutMs,
      maxResponseSize: this.#options.maxResponseBytes,
      keepAliveTimeout: 4_000,
    });
  }

  /** The absolute URL of an API path (`/api/v1/...`) under the configured base URL, prefix included. */
  url(apiPath: string, query?: Record<string, string | number | undefined>): URL {
    const prefix = this.baseUrl.pathname.replace(/\/+$/, '');
    const url = new URL(`${prefix}${apiPath}`, this.baseUrl.origin);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  /** GET with retries for transient failures and 429 waits through the tenant limiter. */
  async get<T>(url: URL, parse: ResponseParser<T>, signal?: AbortSignal): Promise<T> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        const release = await this.credentials.turn(redact('GET', url));
        try {
          return parse(await this.limiter.schedule(() => this.send('GET', url, signal), signal, this.#options.priority));
        } finally {
          release();
        }
      } catch (error) {
        if (!(error instanceof IruError) || !error.retryable) throw error;
        if (error instanceof IruRateLimitedError) {
          if (error.retryAfterMs > this.#options.maxInlineRateLimitWaitMs || attempt > 10) throw error;
          const wait = error.retryAfterMs + jitter(1_000);
          await this.limiter.pause(wait);
          this.stats.rateLimitWaitMs += wait;
          continue;
        }
        if (attempt >= this.#options.maxAttempts) throw error;
        this.stats.retries += 1;
        await sleep(250 * 2 ** attempt + jitter(250), signal);
      }
    }
  }

  /** One request, exactly as it leaves the process. Public so the read-only guard can be proven from outside. */
  async send(method: string, url: URL, signal?: AbortSignal): Promise<IruResponse> {
    assertReadOnlyRequest(method, url, this.baseUrl);
    const request = redact(method, url);
    this.credentials.refuseIfRejected(request);
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const started = Date.now();
    this.stats.requests += 1;
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    let text: string;
    try {
      const response = await this.#pool.request({
        method: 'GET',
        path: `${url.pathname}${url.search}`,
        headers: { authorization: `Bearer ${this.#token}`, accept: 'application/json', 'user-agent': this.#userAgent },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof undiciErrors.ResponseExceededMaxSizeError) {
        throw new IruInvalidResponseError(request, status, [{ path: '', message: `the body is larger than the ${this.#options.maxResponseBytes}-byte limit` }]);
      }
      throw toTransportError(error, request, timeout.aborted, this.#options.timeoutMs);
    } finally {
      this.credentials.observe(request, status);
      const rateLimit = readRateLimitHeaders(headers);
      await this.limiter.observe(rateLimit, status);
      this.#options.onResponse?.({ request, status, durationMs: Date.now() - started, rateLimit });
    }
    if (status >= 200 && status < 300) return { status, headers, body: parseJson(text, request, status), request };
    throw statusError(status, headers, scrubSecrets(text, [this.#token]), request);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  toJSON(): object {
    return { baseUrl: this.baseUrl.href };
  }
}

function statusError(status: number, headers: Record<string, string | string[] | undefined>, text: string, request: RedactedRequest): IruError {
  if (status === 401) return new IruUnauthorizedError(request);
  if (status === 403) return new IruForbiddenError(request);
  if (status === 404) return new IruNotFoundError(request);
  // Retry-After, else RateLimit-Reset (the most restrictive window's reset); a minute only when the server says neither.
  if (status === 429) return new IruRateLimitedError(request, rateLimitWait(readRateLimitHeaders(headers))?.ms ?? 60_000);
  if (status >= 500) return new IruServerError(request, status);
  return new IruHttpError(request, status, errorDetail(text));
}

/** Deeper than any documented response (they nest a handful of levels): a hostile or broken body, refused before parsing. */
export const MAX_JSON_DEPTH = 64;

function parseJson(text: string, request: RedactedRequest, status: number): unknown {
  if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new IruInvalidResponseError(request, status, [{ path: '', message: `the body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IruInvalidResponseError(request, status, [{ path: '', message: `body is not JSON (${(error as Error).message})` }]);
  }
}

/** How deep arrays and objects nest in a JSON text (strings skipped): the first depth past `limit`, or 0 when it stays within. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return 0;
}

/** The API's error bodies come in four shapes (test/contract/fixtures/errors.json): {detail}, a list of strings, a string, a field-error dict. */
function errorDetail(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'string') return body.slice(0, 300);
    if (Array.isArray(body))
      return body
        .filter((x) => typeof x === 'string')
        .join('; ')
        .slice(0, 300);
    if (body && typeof body === 'object') {
      if ('detail' in body && typeof body.detail === 'string') return body.detail.slice(0, 300);
      if ('message' in body && typeof body.message === 'string') return body.message.slice(0, 300);
      return JSON.stringify(body).slice(0, 300);
    }
  } catch {
    // an HTML page or plain text: not worth quoting
  }
  return '';
}

function toTransportError(error: unknown, request: RedactedRequest, timedOut: boolean, timeoutMs: number): IruError {
  if (error instanceof IruError) return error;
  if (
    timedOut ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new IruTimeoutError(request, timeoutMs);
  }
  return new IruNetworkError(request, error);
}

function jitter(maxMs: number): number {
  return Math.floor(Math.random() * maxMs);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A request as errors and the credential gate see it: method, path and query, never the token. */
function redact(method: string, url: URL): RedactedRequest {
  return { method, url: `${url.pathname}${url.search}` };
}
