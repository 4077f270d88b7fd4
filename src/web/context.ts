import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { AskWorkflow } from '../collector/live-progress.js';
import type { Diagnose } from '../diagnose/index.js';
import type { Connection, EvidenceStore } from '../store/index.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { RecordsCache } from './records/records-cache.js';

export interface WebAppOptions {
  store: EvidenceStore;
  /** The clock; tests move it. */
  now?: () => Date;
  /** Mark cookies Secure even over plain HTTP: the app sits behind a TLS-terminating proxy. */
  secureCookies?: boolean;
  /** Trust X-Forwarded-* headers from a proxy in front (then https there means Secure cookies). */
  trustProxy?: boolean;
  /** Serve HTTPS directly. */
  https?: { key: Buffer; cert: Buffer };
  /** Parsed records kept in memory, counted in records (default 250,000). */
  cachedRecords?: number;
  /** Where request errors are logged (none when absent). */
  logger?: FastifyBaseLogger;
  /** How the connection wizard tests a connection (the shared diagnosis). */
  diagnose?: Diagnose;
  /** After the wizard saves a connection: e.g. create its collection schedule. */
  onConnectionSaved?: (connection: Connection) => Promise<void> | void;
  /** How a running collection's stage is asked (its workflow's progress query); without it, run pages show stored counts only. */
  askWorkflow?: AskWorkflow;
}

/** What every route handler needs. */
export interface WebContext {
  store: EvidenceStore;
  now(): Date;
  records: RecordsCache;
  throttle: LoginThrottle;
  askWorkflow?: AskWorkflow;
  /** Whether cookies set for this request must be Secure. */
  secure(request: FastifyRequest): boolean;
}

export function createContext(options: WebAppOptions): WebContext {
  const alwaysSecure = Boolean(options.secureCookies || options.https);
  return {
    store: options.store,
    now: options.now ?? (() => new Date()),
    records: new RecordsCache(options.store, options.cachedRecords ?? 250_000),
    throttle: new LoginThrottle(),
    askWorkflow: options.askWorkflow,
    secure: (request) => alwaysSecure || request.protocol === 'https',
  };
}
