/**
 * The Diagnosis: what `iru-evidence diagnose --json`, the HTTP API and both wizards show about one tenant connection.
 * Plain JSON (no Dates, no class instances); schemas/diagnosis.schema.json describes it and a test holds the two together.
 */
import type { PermissionLabel } from '../iru/index.js';
import type { EstimateBasis } from '../temporal-contract.js';

export const DIAGNOSIS_SCHEMA_VERSION = 1 as const;

export type Verdict =
  /** Reachable, token accepted, every catalog permission granted or not entitled, the collection fits the budget. */
  | 'healthy'
  /** Reachable, the token works and the evidence will be complete, but something deserves a look: a permission missing whose signal another route reads, a tight budget. */
  | 'warnings'
  /** Reachable and the token works, but the collection cannot produce complete evidence (a missing permission with no other route, an endpoint error). */
  | 'problems'
  /** Iru answered 401 on every route: the token is invalid, revoked or expired. */
  | 'token_rejected'
  /** No HTTP answer from the host: DNS, TLS, connection refused, timeout, or not an Iru API at that address. */
  | 'unreachable';

export type HostStatus = 'ok' | 'dns_not_found' | 'dns_unavailable' | 'connection_refused' | 'tls_error' | 'timeout' | 'network_error' | 'not_iru';

export interface RegionSuggestion {
  region: string;
  app: string;
  baseUrl: string;
}

export interface HostCheck {
  status: HostStatus;
  /** host[:port] of the API base URL. */
  host: string;
  /** Addresses the host resolved to (empty when it did not resolve or was not looked up). */
  addresses: string[];
  /** The low-level code behind a failure: ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, IRU_TIMEOUT, ... */
  errorCode: string | null;
  message: string;
  remedy: string | null;
  /** When the host does not exist but the same app segment does in another region. */
  suggestion: RegionSuggestion | null;
}

export type AuthStatus = 'ok' | 'rejected' | 'not_checked';

export interface AuthCheck {
  status: AuthStatus;
  message: string;
  remedy: string | null;
}

export type PermissionStatus = 'granted' | 'denied' | 'not_entitled' | 'error' | 'not_probed';

export interface ControlActionRef {
  framework: string;
  frameworkName: string;
  control: string;
  action: string;
  coverage: 'full' | 'partial';
}

/** What a collection loses when an endpoint cannot be read: the endpoint, the per-parent ones read through it, their Artifacts and control actions. */
export interface EvidenceImpact {
  sources: string[];
  artifacts: { type: string; title: string }[];
  controlActions: ControlActionRef[];
  /** One sentence for people: "Without ...: device-inventory is not evaluable, so SOC 2 CC6.1, ... lose evidence." */
  summary: string;
}

export interface PermissionRow {
  /** Catalog source name. */
  endpoint: string;
  /** Path template as the token screen lists it. */
  path: string;
  /** The path actually requested (per-parent endpoints: with the parent id), or null when not probed. */
  probedPath: string | null;
  permission: PermissionLabel;
  entitlement: string | null;
  status: PermissionStatus;
  /** HTTP status of the probe; null when no response arrived or nothing was sent. */
  httpStatus: number | null;
  /** Stable error code (IRU_FORBIDDEN, IRU_UNAUTHORIZED, IRU_RATE_LIMITED, ...) or null. */
  errorCode: string | null;
  message: string;
  remedy: string | null;
  /** For a denial: the evidence lost. For not_entitled: the Artifacts that are not applicable. Otherwise null. */
  impact: EvidenceImpact | null;
}

export type RowsBasis =
  /** X-Total-Count, a DRF `count`, a Prism `total`. */
  | 'reported_total'
  /** GET /api/v1/prism/count?category=... */
  | 'prism_count'
  /** The probe page was the only page. */
  | 'single_page'
  /** A per-parent endpoint whose parent has no rows: nothing to read. */
  | 'no_parents'
  /** One parent was probed; the others are assumed alike. */
  | 'extrapolated'
  /** The endpoint reports no total: the estimate is a lower bound. */
  | 'unknown'
  /** Not collectable (denied, not entitled, error): one request that fails. */
  | 'not_collected';

export interface SourceCost {
  source: string;
  /** The endpoint the plan reads it through: its own, or the cheaper path the planner chose. */
  via: string;
  /** Rows one full collection reads (estimated), null when unknown. */
  rows: number | null;
  rowsBasis: RowsBasis;
  /** For a per-parent endpoint: how many parents it is read for. */
  parents: number | null;
  /** Requests one full collection spends on this source. */
  requests: number;
  /** What the figure rests on, as the planner records it (src/collector/cost-estimate.ts). */
  basis: EstimateBasis;
}

export interface CostEstimate {
  sources: SourceCost[];
  /** Requests for one full collection: the planner's counts and the sources' requests. */
  requests: number;
  /** Of those, the counts the planner sends before collecting (X-Total-Count of /devices, Prism /count). */
  planningRequests: number;
  /** True when some source reports no total, so `requests` is a lower bound. */
  lowerBound: boolean;
  hourlyQuota: number;
  share: number;
  /** hourlyQuota x share: what iru-evidence may spend per hour. */
  hourlyBudget: number;
  /** X-RateLimit-Remaining-Hour from the last probe response (the tenant's, shared with its other clients), if sent. */
  remainingThisHour: number | null;
  limitThisHour: number | null;
  /** What a collection started now could spend before the hour window resets. */
  availableNow: number;
  /** Requests per second assumed for the duration (the limiter's spacing, or slower when the API answers slowly). */
  requestsPerSecond: number;
  expectedDurationSeconds: number;
  /** True when the collection must wait for at least one new hourly window. */
  waitsForNextWindow: boolean;
  message: string;
}

export interface Problem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  remedy: string | null;
  endpoint: string | null;
}

export interface ProbeStats {
  /** Requests the diagnosis itself sent to Iru (they count toward the tenant's hourly quota). */
  requests: number;
  /** Of those, /prism/count requests for totals the probe pages did not carry. */
  countRequests: number;
  /** The most the probe may send: one per catalog endpoint plus the counts. */
  maxRequests: number;
  durationMs: number;
}

export interface Diagnosis {
  schemaVersion: typeof DIAGNOSIS_SCHEMA_VERSION;
  diagnosedAt: string;
  target: { baseUrl: string; region: string | null; app: string | null; tokenFingerprint: string };
  verdict: Verdict;
  /** One line for people. */
  summary: string;
  /** Whether a wizard may save this connection: the host answered and the token was accepted. */
  canSave: boolean;
  host: HostCheck;
  auth: AuthCheck;
  permissions: PermissionRow[];
  cost: CostEstimate | null;
  problems: Problem[];
  probe: ProbeStats;
}

/** Where to diagnose: a resolved base URL, with the region and app it came from when known (for wrong-region hints). */
export interface DiagnoseTarget {
  baseUrl: URL | string;
  token: string;
  region?: string | null;
  app?: string | null;
}
