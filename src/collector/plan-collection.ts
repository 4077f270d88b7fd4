import { DEFAULT_AUDIT_WINDOW_DAYS } from '../config/audit-window.js';
import { ARTIFACT_DEFINITIONS, type EventWindow } from '../evidence/index.js';
import { ConnectionNotFoundError, UnknownSourceError } from '../failures/index.js';
import { collectionPhases, endpoint, SOURCE_NAMES, type BudgetWindow, type WindowEndSource } from '../iru/index.js';
import { DeletedConnectionError } from '../store/index.js';
import { estimateCost, type CostEstimate } from './cost-estimate.js';
import type { CollectorDeps } from './deps.js';
import { planEventWindows, windowQuery } from './event-windows.js';
import { openTenantClient } from './tenant-client.js';
import { confirmToken } from './token-check.js';

export interface PlanInput {
  connectionId: string;
  runId: string;
  workflowId: string;
  startedAt: string;
  /** Collect only these sources (and the parents they are read for); all by default. */
  sources?: string[];
}

export interface PlannedSource {
  name: string;
  /** Read through this catalog endpoint instead of the source's own (the cheaper path). */
  via?: string;
  /** The source whose rows this one is read for, if any. */
  parent?: string;
  query?: Record<string, string>;
  /** The limiter's priority for its requests: the longest sources go first, so the run is not left waiting on one at the end. */
  priority?: number;
}

export interface CollectionPlan {
  /** Sources to collect, phase by phase: a per-parent source comes after its parent. */
  phases: PlannedSource[][];
  estimate: CostEstimate;
  /** Requests left in the tenant's current budget window when planned. */
  budgetLeft: number;
  /** When the estimate exceeds what is left: how long to wait for the next window. */
  waitMs: number;
  /** What told when the window ends: the server's RateLimit-Reset or Retry-After, or the clock-aligned hour. */
  windowEndSource: WindowEndSource;
  /** The Artifacts this run can build and the sources each is built from (none: built from the whole run). */
  artifacts: PlannedArtifact[];
}

export interface PlannedArtifact {
  type: string;
  sources: string[];
  /** The Artifact's optional sources this run collects: read by its build when they succeed. */
  optionalSources?: string[];
  /** An Artifact of events: the window it covers, and what the run reads for it. */
  window?: EventWindow;
}

function planned(name: string, via: string, query: Record<string, string> | undefined): PlannedSource {
  const parent = endpoint(via).expand?.from;
  return { name, ...(via !== name ? { via } : {}), ...(parent ? { parent } : {}), ...(query ? { query } : {}) };
}

/**
 * Bottleneck priorities, 0 first: a source read page after page has a minimum duration of its own, so the longest
 * chains (a source's requests plus those of the longest source read per row of it) get the rate first and the
 * short ones fill the gaps; the run is then not left waiting on one long source at the end. A source read per parent
 * with no count to go by (the first run) is taken as the longest: its length is unknown, so starting it late is the risk.
 */
function priorities(estimate: CostEstimate, sources: PlannedSource[]): Map<string, number> {
  const perParent = new Set(sources.filter((s) => s.parent).map((s) => s.name));
  const requests = new Map(estimate.sources.map((s) => [s.name, s.basis === 'minimum' && perParent.has(s.name) ? Infinity : s.requests]));
  const chain = (name: string): number =>
    (requests.get(name) ?? 0) + Math.max(0, ...sources.filter((s) => s.parent === name).map((child) => chain(child.name)));
  const longestFirst = [...sources].sort((a, b) => chain(b.name) - chain(a.name));
  return new Map(longestFirst.map((source, rank) => [source.name, Math.min(rank, 8)]));
}

function selectSources(requested: string[] | undefined): string[] {
  if (!requested?.length) return SOURCE_NAMES;
  const unknown = requested.filter((name) => !(SOURCE_NAMES as string[]).includes(name));
  if (unknown.length) throw new UnknownSourceError(unknown, SOURCE_NAMES);
  const selected = new Set<string>();
  const add = (name: string) => {
    selected.add(name);
    const parent = endpoint(name).expand?.from;
    if (parent) add(parent);
  };
  requested.forEach(add);
  return SOURCE_NAMES.filter((name) => selected.has(name));
}

/**
 * A window that ends sooner than this (Kong's per-second window, a short gateway window) is left to the limiter, which
 * paces requests through it; only a longer wait is worth a durable timer before the collection starts.
 */
const SHORTEST_PLANNED_WAIT_MS = 10_000;

/** Records the run and decides what to read, in which order, with which fixed queries. */
export async function planCollection(deps: CollectorDeps, input: PlanInput, signal?: AbortSignal): Promise<CollectionPlan> {
  const connection = await deps.store.getConnection(input.connectionId);
  if (!connection) throw new ConnectionNotFoundError(input.connectionId);
  if (connection.deletedAt) throw new DeletedConnectionError(connection);
  await deps.store.startRun({ id: input.runId, connectionId: connection.id, workflowId: input.workflowId, startedAt: input.startedAt });
  const previous = (await deps.store.listRuns(connection.id, 50)).find((r) => r.id !== input.runId && (r.status === 'succeeded' || r.status === 'partial'));
  const selected = selectSources(input.sources);
  const definitions = ARTIFACT_DEFINITIONS.filter((d) => d.sources.every((name) => selected.includes(name)));
  const windows = await planEventWindows(deps.store, connection.id, input.startedAt, deps.auditWindowDays ?? DEFAULT_AUDIT_WINDOW_DAYS, definitions);
  const queries: Record<string, Record<string, string>> = Object.fromEntries(
    definitions.flatMap((d) => (d.window ? [[d.window, windowQuery(d.window, windows.get(d.type)!)]] : [])),
  );
  const previousSources = previous?.summary?.sources;
  const http = await openTenantClient(deps.store, connection, { budget: deps.budget, redis: deps.redis, timeoutMs: deps.requestTimeoutMs });
  let estimate: CostEstimate;
  let window: BudgetWindow;
  try {
    estimate = await estimateCost(http, selected, previousSources, signal);
    await confirmToken(http, signal); // counting got 401: settle it now, with at most 3 requests in all
    window = await http.limiter.currentWindow();
  } finally {
    await http.close();
  }
  const paths = new Map(estimate.sources.map((s) => [s.name, s.via ?? s.name]));
  const { left: budgetLeft, endSource: windowEndSource } = window;
  const waitMs = estimate.requests > budgetLeft && window.endsInMs >= SHORTEST_PLANNED_WAIT_MS ? window.endsInMs : 0;
  const eventWindows = Object.fromEntries([...windows].map(([type, w]) => [type, { readFrom: w.readFrom, continues: w.continues ?? null }]));
  deps.logger.info({ runId: input.runId, estimate: estimate.requests, budgetLeft, waitMs, windowEndSource, eventWindows }, 'collection planned');
  const artifacts = definitions.map(({ type, sources, optionalSources = [] }) => ({
    type,
    sources,
    optionalSources: optionalSources.filter((name) => selected.includes(name)),
    ...(windows.has(type) ? { window: windows.get(type)! } : {}),
  }));
  const phases = collectionPhases(selected).map((phase) => phase.map((name) => planned(name, paths.get(name)!, queries[name])));
  const rank = priorities(estimate, phases.flat());
  for (const source of phases.flat()) source.priority = rank.get(source.name);
  return { estimate, budgetLeft, waitMs, windowEndSource, artifacts, phases };
}
