/** The simulator's HTTP server on 127.0.0.1, its request log, and the test controls. */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createFleet } from '../fleet/create-fleet.js';
import { isoZ, parseMicros } from '../fleet/time.js';
import type { Fleet, FleetSpec } from '../fleet/types.js';
import { DeviceList, type DeviceChurnOptions, type DeviceChurnRecord } from '../routes/device-list.js';
import { ROUTES } from '../routes/route-table.js';
import { bearerToken, tokenIdOf, type TokenSpec } from './auth.js';
import { FaultQueue, type Fault } from './faults.js';
import { DEFAULT_RATE_LIMITS, TenantRateLimiter } from './rate-limiter.js';
import { runPipeline, type PipelineState } from './request-pipeline.js';
import { jsonResponse, send } from './responses.js';
import { createRouteMatcher } from './route-match.js';

export interface SimulatorOptions {
  fleet: FleetSpec;
  /** token string -> spec; tokens are UUIDs. */
  tokens: Record<string, TokenSpec>;
  /** Default 0 (a free port). */
  port?: number;
  /** Added before every response. */
  latencyMs?: number;
  /** Fixed windows counted per tenant (all tokens together). */
  rateLimit?: { perHour?: number; perSecond?: number; hourWindowMs?: number; secondWindowMs?: number; perMinute?: number; minuteWindowMs?: number };
  /** Host of `next`/`previous` links; default `https://${tenant}.kandji.io` (the real API links to its web host). */
  webHost?: string;
  /** Host of the audit log's `next`/`previous` links; default `https://${tenant}.api.kandji.io`. */
  apiHost?: string;
  /**
   * Devices enroll and leave while `/devices` is read: after each served `/devices` page, `leavePerPage` fleet devices
   * leave the list and `enrollPerPage` new ones join it, until `maxEvents` enrolments plus departures. Default: none.
   * See `RunningSimulator.deviceChurn` for what happened.
   */
  deviceChurn?: DeviceChurnOptions;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  /** First 8 hex chars of sha256(token), never the token; null when no bearer token was sent. */
  tokenId: string | null;
  durationMs: number;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:40123 (API paths are under /api/v1). */
  url: string;
  fleet: Fleet;
  /** Which devices enrolled, left, or stayed while `/devices` was read (all fleet devices stay without churn). */
  deviceChurn: DeviceChurnRecord;
  requestLog: RequestLogEntry[];
  inject(fault: Fault): void;
  clearFaults(): void;
  consumeQuota(n: number): void;
  /**
   * Moves the tenant's clock (default: the fleet's `now`). The audit log then serves the events of the year up to it:
   * those after `now` arrive at the fleet's rate, the oldest drop out. Devices stay as generated at the fleet's `now`.
   */
  setClock(instant: string): void;
  /** The tenant's clock, as an ISO instant. */
  clock(): string;
  setTokens(tokens: Record<string, TokenSpec>): void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const fleet = createFleet(options.fleet);
  const limiter = new TenantRateLimiter({ ...DEFAULT_RATE_LIMITS, ...definedOnly(options.rateLimit ?? {}) });
  const faults = new FaultQueue();
  const requestLog: RequestLogEntry[] = [];
  const deviceList = new DeviceList(fleet, options.deviceChurn);
  const state: PipelineState = {
    fleet,
    tokens: { ...options.tokens },
    limiter,
    faults,
    webHost: (options.webHost ?? `https://${fleet.spec.tenant}.kandji.io`).replace(/\/+$/, ''),
    apiHost: (options.apiHost ?? `https://${fleet.spec.tenant}.api.kandji.io`).replace(/\/+$/, ''),
    deviceList,
    clockMicros: parseMicros(fleet.spec.now),
    latencyMs: options.latencyMs ?? 0,
    match: createRouteMatcher(ROUTES),
  };

  const server = createServer((req, res) => {
    void handle(state, requestLog, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    fleet,
    deviceChurn: deviceList,
    requestLog,
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    consumeQuota: (n) => limiter.consume(n),
    setClock: (instant) => {
      state.clockMicros = parseMicros(instant);
    },
    clock: () => isoZ(state.clockMicros),
    setTokens: (tokens) => {
      state.tokens = { ...tokens };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function handle(state: PipelineState, log: RequestLogEntry[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const at = new Date().toISOString();
  req.resume();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const token = bearerToken(req.headers.authorization);
  let result;
  try {
    result = await runPipeline(state, { method, url, authorization: req.headers.authorization });
  } catch (error) {
    process.stderr.write(`iru simulator: internal error on ${method} ${url.pathname}: ${String(error)}\n`);
    result = { response: jsonResponse(500, { detail: 'Internal server error' }), commonHeaders: {} };
  }
  // Logged before the response is written, so a client that has the response can see its entry.
  log.push({
    at,
    method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    status: result.response.status,
    tokenId: token === undefined ? null : tokenIdOf(token),
    durationMs: Math.round(performance.now() - started),
  });
  if (res.destroyed) return;
  send(res, result.response, result.commonHeaders);
}
