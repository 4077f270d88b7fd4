import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { AskWorkflow } from '../collector/live-progress.js';
import { diagnoseConnection, type Diagnose } from '../diagnose/index.js';
import type { DispatcherOptions } from '../webhooks/index.js';
import type { Connection, EvidenceStore } from '../store/index.js';
import type { TemporalAccess } from '../temporal/connection-control.js';

export type { TemporalAccess };
import { HashGate } from './auth/hash-gate.js';
import { LoginThrottle } from './auth/login-throttle.js';
import type { SignInFailureCounter } from './auth/redis-sign-in-failures.js';
import { isLoopbackHost } from './loopback.js';
import { DEFAULT_HEAVY_WORK_LIMITS, HeavyWork, type HeavyWorkLimits } from './heavy-work.js';
import { DEFAULT_CACHED_RECORD_BYTES, RecordsCache } from './records/records-cache.js';
import { DEFAULT_CACHED_VERIFICATION_BYTES, Verifications } from './views/verifications.js';

export interface WebAppOptions {
  store: EvidenceStore;
  /** The clock; tests move it. */
  now?: () => Date;
  /** Mark cookies Secure even over plain HTTP, and send HSTS: the app sits behind a TLS-terminating proxy. */
  secureCookies?: boolean;
  /**
   * Trust X-Forwarded-* headers from a proxy in front: X-Forwarded-Proto https there means Secure cookies and HSTS.
   * Without it X-Forwarded-Proto is ignored.
   */
  trustProxy?: boolean;
  /**
   * The address the app listens on. Off loopback (0.0.0.0, a LAN address, a host name) every cookie is Secure, even over
   * plain HTTP: other machines reach it, so only TLS in front should carry its session. Absent: loopback.
   */
  host?: string;
  /** Serve HTTPS directly. */
  https?: { key: Buffer; cert: Buffer };
  /**
   * Parsed records kept in memory, counted by their serialized size in characters (default 128 MiB); an Artifact whose
   * records alone are larger is not kept.
   */
  cachedRecordBytes?: number;
  /** Verification results kept in memory, counted by their serialized size (default 1 MiB). */
  cachedVerificationBytes?: number;
  /** Heavy requests (verify, changes, exports, records CSV) in flight per principal and in all (default 2 and 8). */
  heavyWork?: Partial<HeavyWorkLimits>;
  /** Where request errors are logged (none when absent). */
  logger?: FastifyBaseLogger;
  /** How the connection wizard tests a connection (the shared diagnosis). */
  diagnose?: Diagnose;
  /** After the wizard saves a connection: e.g. create its collection schedule. */
  onConnectionSaved?: (connection: Connection) => Promise<void> | void;
  /** Where failed sign-ins are counted (default: the store); serve passes Redis when REDIS_URL is set. */
  signInFailures?: SignInFailureCounter;
  /** How a running collection's stage is asked (its workflow's progress query); without it, run pages show stored counts only. */
  askWorkflow?: AskWorkflow;
  /**
   * Temporal, when one is reachable (undefined when not): the API's collections and schedules, and the connection
   * page's schedule, collect now, pause, resume and delete. Without it those answer that Temporal is not reachable;
   * everything else works on the store alone.
   */
  temporal?: () => Promise<TemporalAccess | undefined>;
  /** Send the store's webhook deliveries from this process too (workers always do); options mostly for tests. */
  webhookDelivery?: DispatcherOptions;
}

/** What every route handler needs. */
export interface WebContext {
  store: EvidenceStore;
  now(): Date;
  records: RecordsCache;
  verifications: Verifications;
  heavy: HeavyWork;
  throttle: LoginThrottle;
  /** Every password hash a sign-in computes goes through it. */
  hashing: HashGate;
  askWorkflow?: AskWorkflow;
  /** Temporal when reachable; undefined when not (or when the app was built without it). */
  temporal(): Promise<TemporalAccess | undefined>;
  diagnose: Diagnose;
  /** Whether cookies set for this request must be Secure. */
  secure(request: FastifyRequest): boolean;
  /** Whether this response gets Strict-Transport-Security: the browser reached the app over https. */
  https(request: FastifyRequest): boolean;
}

export function createContext(options: WebAppOptions): WebContext {
  // request.protocol is https over the app's own TLS, or when --trust-proxy is on and the proxy's X-Forwarded-Proto says
  // https (Fastify reads that header only with trustProxy).
  const overHttps = (request: FastifyRequest) => Boolean(options.secureCookies) || request.protocol === 'https';
  const alwaysSecure = Boolean(options.secureCookies || options.https || (options.host !== undefined && !isLoopbackHost(options.host)));
  return {
    store: options.store,
    now: options.now ?? (() => new Date()),
    records: new RecordsCache(options.store, options.cachedRecordBytes ?? DEFAULT_CACHED_RECORD_BYTES),
    verifications: new Verifications(options.store, options.cachedVerificationBytes ?? DEFAULT_CACHED_VERIFICATION_BYTES),
    heavy: new HeavyWork({ ...DEFAULT_HEAVY_WORK_LIMITS, ...options.heavyWork }),
    throttle: new LoginThrottle(options.signInFailures ?? options.store),
    hashing: new HashGate(),
    askWorkflow: options.askWorkflow,
    temporal: async () => (options.temporal ? options.temporal().catch(() => undefined) : undefined),
    diagnose: options.diagnose ?? ((target) => diagnoseConnection(target)),
    secure: (request) => alwaysSecure || overHttps(request),
    https: overHttps,
  };
}
