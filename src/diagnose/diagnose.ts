/**
 * diagnoseConnection: host, token, permission matrix and cost for one tenant, in one JSON-serialisable Diagnosis.
 * The CLI (`diagnose`, `connect`), the HTTP API and the web wizard all call this.
 */
import { CONNECTOR_VERSION } from '../collector/version.js';
import { DEFAULT_BUDGET, ENDPOINT_NAMES, endpoint, limiterFor, tenantKey, type BudgetOptions, type TenantLimiter } from '../iru/index.js';
import { tokenFingerprint } from '../store/token-cipher.js';
import { checkAuth } from './auth.js';
import { estimateCost } from './cost.js';
import { checkDns, hostOk, notIru, systemLookup, transportFailure, type Lookup } from './host-check.js';
import { permissionRow } from './permissions.js';
import { notProbed, probeCatalog, type EndpointProbe } from './probe.js';
import { ProbeHttp } from './probe-http.js';
import { DIAGNOSIS_SCHEMA_VERSION, type AuthCheck, type DiagnoseTarget, type Diagnosis, type HostCheck } from './types.js';
import { listProblems, summaryOf, verdictOf } from './verdict.js';

export interface DiagnoseOptions {
  /** The tenant budget; default 10,000/h x 60%, 10 requests/s. */
  budget?: Partial<BudgetOptions>;
  /** The limiter to send through; default the tenant's shared in-process limiter. */
  limiter?: TenantLimiter;
  /** Per-request deadline; default 15 s. */
  timeoutMs?: number;
  /** DNS lookup (tests swap it: there is no real Iru DNS to ask from here). */
  lookup?: Lookup;
  now?: () => Date;
}

export type Diagnose = (target: DiagnoseTarget) => Promise<Diagnosis>;

const NOT_CHECKED: AuthCheck = { status: 'not_checked', message: 'The token was not checked: the host did not answer', remedy: null };

export async function diagnoseConnection(target: DiagnoseTarget, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const baseUrl = typeof target.baseUrl === 'string' ? new URL(target.baseUrl) : target.baseUrl;
  const budget: BudgetOptions = { ...DEFAULT_BUDGET, ...(options.limiter?.budget ?? {}), ...(options.budget ?? {}) };
  const head: Pick<Diagnosis, 'schemaVersion' | 'diagnosedAt' | 'target'> = {
    schemaVersion: DIAGNOSIS_SCHEMA_VERSION,
    diagnosedAt: now().toISOString(),
    target: { baseUrl: baseUrl.href, region: target.region ?? null, app: target.app ?? null, tokenFingerprint: tokenFingerprint(target.token) },
  };

  const dns = await checkDns(baseUrl, options.lookup ?? systemLookup);
  if ('status' in dns) {
    const probes = ENDPOINT_NAMES.map((n) => notProbed(endpoint(n), `not probed: ${dns.message}`));
    return assemble(head, dns, NOT_CHECKED, probes, null, null, { requests: 0, countRequests: 0, maxRequests: 0, durationMs: Date.now() - started });
  }

  const http = new ProbeHttp({
    baseUrl,
    token: target.token,
    limiter: options.limiter ?? limiterFor(tenantKey(baseUrl), budget),
    timeoutMs: options.timeoutMs ?? 15_000,
    userAgent: CONNECTOR_VERSION,
  });
  try {
    const catalog = await probeCatalog(http);
    const answered = catalog.probes.filter((p) => p.outcome === 'ok' || (p.error?.status ?? 0) > 0);
    const host = catalog.unreachable
      ? transportFailure(baseUrl, catalog.unreachable, dns.addresses)
      : answered.length > 0 && answered.every((p) => p.error?.status === 404)
        ? notIru(baseUrl, dns.addresses)
        : hostOk(baseUrl, dns.addresses);
    const auth = host.status === 'ok' ? checkAuth(catalog.probes) : NOT_CHECKED;
    const cost = auth.status === 'ok' ? estimateCost({ probes: catalog.probes, rateLimit: http.rateLimit, budget, meanLatencyMs: http.meanLatencyMs }) : null;
    return assemble(head, host, auth, catalog.probes, cost, http.haltedReason, {
      requests: http.stats.requests,
      countRequests: catalog.countRequests,
      maxRequests: catalog.maxRequests,
      durationMs: Date.now() - started,
    });
  } finally {
    await http.close();
  }
}

function assemble(
  head: Pick<Diagnosis, 'schemaVersion' | 'diagnosedAt' | 'target'>,
  host: HostCheck,
  auth: AuthCheck,
  probes: EndpointProbe[],
  cost: Diagnosis['cost'],
  stoppedEarly: string | null,
  probe: Diagnosis['probe'],
): Diagnosis {
  const permissions = probes.map((p) => permissionRow(p, auth));
  const problems = listProblems(host, auth, permissions, cost, stoppedEarly);
  const verdict = verdictOf(host, auth, problems);
  return {
    ...head,
    verdict,
    summary: summaryOf(verdict, host, auth, permissions, cost, problems),
    canSave: host.status === 'ok' && auth.status === 'ok',
    host,
    auth,
    permissions,
    cost,
    problems,
    probe,
  };
}
