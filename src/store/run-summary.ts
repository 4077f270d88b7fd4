import type { WindowEndSource } from '../iru/index.js';
import { scrubSecrets } from '../failures/index.js';

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
  /**
   * Items of the parent list (library items, devices) that Iru no longer had when this per-item source read them (404):
   * deleted during the collection, so they have no rows. Absent when none were.
   */
  gone?: number;
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

/** A stored run summary that is not one: written by something other than this store, or damaged. */
export class StoredSummaryError extends Error {
  override readonly name = 'StoredSummaryError';
}

/** A run summary as stored: its connection's token (and any `Bearer <token>`) scrubbed out again, whatever produced it. */
export function storableSummary(summary: RunSummary, token: string | undefined): string {
  return scrubSecrets(JSON.stringify(summary), [token]);
}

/** The stored summary of run `runId` (null while it runs), checked for the fields every summary has had. */
export function parseStoredSummary(runId: string, json: string | null): RunSummary | null {
  if (json === null || json === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new StoredSummaryError(`The stored summary of run ${runId} is not JSON: ${(error as Error).message}`);
  }
  if (value === null) return null;
  const problem = summaryProblem(value);
  if (problem) throw new StoredSummaryError(`The stored summary of run ${runId} is not a run summary: ${problem}`);
  return value as RunSummary;
}

const OUTCOMES: readonly string[] = ['succeeded', 'partial', 'failed'] satisfies RunOutcome[];

function summaryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) return 'not an object';
  const summary = value as Record<string, unknown>;
  for (const field of ['runId', 'connectionId', 'startedAt', 'finishedAt']) {
    if (typeof summary[field] !== 'string') return `${field} is not a string`;
  }
  if (!OUTCOMES.includes(summary.status as string)) return `status ${JSON.stringify(summary.status)} is not succeeded, partial or failed`;
  for (const field of ['sources', 'artifacts', 'notEvaluable']) {
    if (!Array.isArray(summary[field])) return `${field} is not a list`;
  }
  if (summary.error !== null && typeof summary.error !== 'object') return 'error is neither null nor an object';
  if ((summary.sources as unknown[]).some((s) => typeof s !== 'object' || s === null || typeof (s as { name?: unknown }).name !== 'string')) {
    return 'a source has no name';
  }
  return undefined;
}
