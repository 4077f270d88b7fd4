/**
 * The pre-flight request of `collect`: before a connection is saved or a run is started, is the tenant there and does it
 * take the token? One request (page size 1) when all is well; it stops at once on what no run could get past: a host
 * that does not resolve (no such tenant, or this machine offline), no HTTP answer (refused, TLS, timeout) or a
 * rejected token. A 401 is proof only when REJECTION_PROOF_ENDPOINTS different endpoints all answer it (some tenants
 * answer 401 for one missing permission), so a 401 costs at most that many requests. Any other answer (403, 404, 429,
 * an odd body) lets the run go ahead: the run tells it per source.
 */
import { CONNECTOR_VERSION } from '../collector/version.js';
import { ERROR_TYPES, FAILURES, type ErrorType } from '../failures/index.js';
import {
  DEFAULT_BUDGET,
  ENDPOINT_NAMES,
  collectionPhases,
  endpoint,
  limiterFor,
  REJECTION_PROOF_ENDPOINTS,
  tenantKey,
  type BudgetOptions,
} from '../iru/index.js';
import { checkDns, systemLookup, transportFailure, type Lookup } from './host-check.js';
import { probeOne } from './probe.js';
import { ProbeHttp } from './probe-http.js';
import type { HostCheck } from './types.js';

export interface PreflightOptions {
  budget?: Partial<BudgetOptions>;
  /** Per-request deadline; default 15 s. */
  timeoutMs?: number;
  /** DNS lookup (tests swap it). */
  lookup?: Lookup;
}

/** Why the pre-flight stopped: a code of the failure vocabulary (its exit code), one sentence and what to do. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  constructor(
    readonly code: ErrorType,
    message: string,
    readonly remedy: string,
  ) {
    super(message);
  }
}

/** Endpoints asked in turn while the token is undecided: the first ones a collection reads that need no parent id. */
const ASKED = collectionPhases(ENDPOINT_NAMES)
  .flat()
  .filter((name) => !endpoint(name).expand)
  .slice(0, REJECTION_PROOF_ENDPOINTS);

/** Resolves with the requests sent when the run may go ahead; rejects with PreflightError when it may not. */
export async function preflight(target: { baseUrl: URL; token: string }, options: PreflightOptions = {}): Promise<{ requests: number }> {
  const { baseUrl } = target;
  const dns = await checkDns(baseUrl, options.lookup ?? systemLookup);
  if ('status' in dns) throw hostError(dns);
  const http = new ProbeHttp({
    baseUrl,
    token: target.token,
    limiter: limiterFor(tenantKey(baseUrl), { ...DEFAULT_BUDGET, ...options.budget }),
    timeoutMs: options.timeoutMs ?? 15_000,
    userAgent: CONNECTOR_VERSION,
  });
  try {
    for (const name of ASKED) {
      const probe = await probeOne(http, name, new Map());
      const status = probe.error?.status;
      if (probe.error && status === 0 && (probe.error.code === ERROR_TYPES.networkError || probe.error.code === ERROR_TYPES.timeout)) {
        throw hostError(transportFailure(baseUrl, probe.error, dns.addresses));
      }
      if (status !== 401) return { requests: http.stats.requests };
    }
    const asked = http.credentials.rejectedBy;
    throw new PreflightError(
      ERROR_TYPES.tokenRejected,
      `Iru rejected the API token: 401 Unauthorized from ${asked.length === 1 ? asked[0] : `each of ${asked.join(', ')}`}`,
      FAILURES.token_rejected.remedy ?? '',
    );
  } finally {
    await http.close();
  }
}

function hostError(host: HostCheck): PreflightError {
  const code =
    host.status === 'dns_not_found' ? ERROR_TYPES.tenantNotFound : host.status === 'dns_unavailable' ? ERROR_TYPES.offline : ERROR_TYPES.hostUnreachable;
  return new PreflightError(code, host.message, host.remedy ?? FAILURES.host_unreachable.remedy ?? '');
}
