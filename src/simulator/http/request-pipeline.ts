/**
 * One request, start to finish, as Kong + Django would answer it: latency, faults, the tenant rate
 * limit (counted before auth, so 401s count), routing, method, token, permission, entitlement, body.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { Fleet } from '../fleet/types.js';
import type { DeviceList } from '../routes/device-list.js';
import { ApiError, type ErrorBody } from './api-error.js';
import { authorize, bearerToken, type TokenSpec } from './auth.js';
import { statusFaultBody, type FaultQueue } from './faults.js';
import { paginate } from './pagination/paginate.js';
import { totalCountHeaders } from './pagination/page-result.js';
import type { TenantRateLimiter } from './rate-limiter.js';
import { jsonResponse, notFoundResponse, type PreparedResponse } from './responses.js';
import type { RouteMatch } from './route-match.js';
import type { Route, RouteContext } from './route-types.js';

export interface PipelineState {
  fleet: Fleet;
  tokens: Readonly<Record<string, TokenSpec>>;
  limiter: TenantRateLimiter;
  faults: FaultQueue;
  webHost: string;
  apiHost: string;
  deviceList: DeviceList;
  /** The tenant's clock, in microseconds: the audit log serves the year of events up to it. */
  clockMicros: number;
  latencyMs: number;
  match(path: string): RouteMatch | undefined;
}

export interface PipelineRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
}

/** The answer plus the headers every response carries (rate limits, Kong's Via). */
export interface PipelineResult {
  response: PreparedResponse;
  commonHeaders: Record<string, string>;
}

const MALFORMED_JSON = '{"count": 3, "next": null, "results": [{"device_id": "5f1c", "device_name": ,]';

function withVia(headers: Record<string, string>): Record<string, string> {
  return { ...headers, Via: 'kong/3.2.2' };
}

function rateLimited(headers: Record<string, string>): PipelineResult {
  return { response: jsonResponse(429, { message: 'API rate limit exceeded' }), commonHeaders: withVia(headers) };
}

export async function runPipeline(state: PipelineState, request: PipelineRequest): Promise<PipelineResult> {
  if (state.latencyMs > 0) await sleep(state.latencyMs);
  const match = state.match(request.url.pathname);
  const fault = state.faults.take(request.url.pathname, match?.route.path);
  if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 1_000);
  if (fault?.kind === 'rate-limit') {
    const retryAfter = String(Math.max(1, fault.retryAfterSec ?? 1));
    return rateLimited({ ...state.limiter.peek(), 'RateLimit-Remaining': '0', 'RateLimit-Reset': retryAfter, 'Retry-After': retryAfter });
  }
  const decision = state.limiter.take();
  if (!decision.allowed) return rateLimited(decision.headers);
  const commonHeaders = withVia(decision.headers);
  if (fault?.kind === 'status') {
    const status = fault.status ?? 500;
    return { response: jsonResponse(status, statusFaultBody(fault, status, request.authorization)), commonHeaders };
  }
  if (fault?.kind === 'malformed-json') {
    return { response: { status: 200, headers: {}, body: MALFORMED_JSON, contentType: 'application/json' }, commonHeaders };
  }
  const response = answer(state, request, match);
  return { response: fault?.kind === 'cut-body' ? { ...response, delivery: 'cut' } : response, commonHeaders };
}

function answer(state: PipelineState, request: PipelineRequest, match: RouteMatch | undefined): PreparedResponse {
  if (!match) return notFoundResponse();
  if (request.method !== 'GET') return jsonResponse(405, { detail: `Method "${request.method}" not allowed.` }, { Allow: 'GET' });
  const { route } = match;
  const auth = authorize(bearerToken(request.authorization), state.tokens, route.permission);
  if (!auth.ok) {
    return jsonResponse(auth.status, { detail: auth.detail }, auth.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="api"' } : {});
  }
  if (route.entitlement && !state.fleet.spec[route.entitlement]) return notFoundResponse();
  const context: RouteContext = {
    fleet: state.fleet,
    params: match.params,
    query: request.url.searchParams,
    linkBase: `${route.kind === 'list' && route.linkHost === 'api' ? state.apiHost : state.webHost}${match.path}`,
    deviceList: state.deviceList,
    clockMicros: state.clockMicros,
  };
  try {
    return routeBody(route, context);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.body);
    throw error;
  }
}

function routeBody(route: Route, context: RouteContext): PreparedResponse {
  if (route.kind === 'list') {
    const page = paginate(route, context);
    route.afterPage?.(context);
    return jsonResponse(200, page.body, page.headers);
  }
  const document = route.document(context);
  const headers = route.totalCount ? totalCountHeaders(route.totalCount(document), route.totalCount(document)) : {};
  return jsonResponse(200, document, headers);
}

function errorResponse(status: number, body: ErrorBody): PreparedResponse {
  return body.kind === 'not-found-html' ? notFoundResponse() : jsonResponse(status, body.value);
}
