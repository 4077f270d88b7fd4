import type { WindowEndSource } from '../iru/index.js';

/** The small run summary: workflow result, `collect --json` output and the run record. Never rows. */
export type SourceStatus = 'succeeded' | 'failed' | 'not_applicable';
export type RunOutcome = 'succeeded' | 'partial' | 'failed';

export interface SourceError {
  /** Stable code: permission_denied, unauthorized, not_entitled, rate_limited, transient, invalid_response, ... */
  code: string;
  message: string;
  /** What an admin should do about it. */
  remedy?: string;
}

export interface SourceOutcome {
  name: string;
  /** The endpoint that read it, when the planner chose another path than the source's own. */
  via?: string;
  status: SourceStatus;
  records: number;
  pages: number;
  requests: number;
  rateLimitWaitMs: number;
  durationMs: number;
  error: SourceError | null;
  /**
   * The source's own GET permission is denied (code permission_denied, the permission named, its remedy), and `via` names
   * the catalog route that read the same signal instead: the evidence is complete, yet the admin has a permission to
   * restore. Absent when the source's own endpoint answered. A run whose sources are all in stays `succeeded`.
   */
  denied?: SourceError;
}

export interface ArtifactRef {
  id: string;
  type: string;
  sha256: string;
  contentSha256: string;
  records: number;
  /** Source rows the build read, and how long it took (absent when an earlier attempt had built it). */
  rowsRead?: number;
  buildMs?: number;
}

export interface NotEvaluableArtifact {
  type: string;
  reason: 'permission_denied' | 'transient' | 'missing_data';
  sources: string[];
}

export interface RunSummary {
  runId: string;
  connectionId: string;
  status: RunOutcome;
  startedAt: string;
  finishedAt: string;
  sources: SourceOutcome[];
  artifacts: ArtifactRef[];
  notEvaluable: NotEvaluableArtifact[];
  error: SourceError | null;
  /** The plan this run followed: the request estimate, the budget left when planned, any wait for the next window. */
  plan?: RunPlanRecord;
}

export interface RunPlanRecord {
  estimatedRequests: number;
  probeRequests: number;
  budgetLeft: number;
  waitedMs: number;
  /** What told when the budget window ends: the server (RateLimit-Reset, Retry-After) or the clock-aligned hour. Absent in older runs. */
  windowEndSource?: WindowEndSource;
  sources: { name: string; requests: number; basis: string }[];
}

export function runOutcome(sources: SourceOutcome[]): RunOutcome {
  const failed = sources.filter((s) => s.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === sources.length ? 'failed' : 'partial';
}
