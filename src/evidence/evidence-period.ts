import type { EvidencePeriod } from './types/artifact.generated.js';

/**
 * The period an Artifact's evidence covers (`covers`). A snapshot is the state as read at collection time. An Artifact
 * of events (the audit log) covers a rolling window ending at the run's start and holds every event of it: the events an
 * earlier Artifact of the connection kept are carried over, and only those since it ended are read again, so each run
 * reads the API for the hours since the last one, not for the whole window.
 */

const DAY_MS = 86_400_000;

/**
 * How far before the end of the Artifact it continues a run starts reading again: the API re-lists that stretch, so an
 * event listed late (after the earlier read) is still caught; events read twice are kept once.
 */
export const EVENT_READ_OVERLAP_MS = 3_600_000;

/** How an Artifact of events is built, decided when the run is planned and kept in the workflow history: a rebuild is the same. */
export interface EventWindow {
  /** The stated window: `days` days ending at `to` (the run's start). */
  days: number;
  from: string;
  to: string;
  /** Where the events are complete from: `from`, or later when the API no longer holds the history before it. */
  completeFrom: string;
  /** Where this run's read of the API starts (inclusive); before it the events are those of `continues`. */
  readFrom: string;
  /** How many days of events the API keeps. */
  historyDays: number;
  /** The current Artifact whose events this one keeps (from `completeFrom` on); absent: all are read from the API. */
  continues?: string;
}

/** The window a build of events was planned with; a run planned without one is our bug, never a guess. */
export function plannedWindow(context: { window?: EventWindow; runId: string }, type: string): EventWindow {
  if (!context.window) throw new Error(`The ${type} Artifact covers a window of events, and none was planned for run ${context.runId}`);
  return context.window;
}

/** The connection's current Artifact of the type, as planning sees it. */
export interface EarlierArtifact {
  id: string;
  covers: EvidencePeriod | undefined;
}

export interface EventWindowInput {
  /** The run's start: the window's end. */
  to: string;
  days: number;
  historyDays: number;
  earlier?: EarlierArtifact;
  overlapMs?: number;
}

/**
 * The window of a run's Artifact of events. The earlier Artifact is continued only when that loses nothing a full read
 * would give: it covers a stretch, ends no later than this window, and the API still holds everything since it ended
 * (else the events between would be missing). Otherwise the whole window the API still holds is read.
 */
export function planEventWindow(input: EventWindowInput): EventWindow {
  const to = Date.parse(input.to);
  const from = to - input.days * DAY_MS;
  const held = to - input.historyDays * DAY_MS;
  const fullFrom = Math.max(from, held);
  const base = { days: input.days, from: iso(from), to: iso(to), historyDays: input.historyDays };
  const covers = input.earlier?.covers;
  if (covers?.kind === 'window') {
    const [coveredFrom, coveredTo] = [Date.parse(covers.from), Date.parse(covers.to)];
    const readFrom = coveredTo - (input.overlapMs ?? EVENT_READ_OVERLAP_MS);
    const keepsFrom = Math.max(from, coveredFrom);
    if (coveredFrom < coveredTo && coveredTo <= to && readFrom > from && readFrom >= held && keepsFrom <= fullFrom) {
      return { ...base, completeFrom: iso(keepsFrom), readFrom: iso(readFrom), continues: input.earlier!.id };
    }
  }
  return { ...base, completeFrom: iso(fullFrom), readFrom: iso(fullFrom) };
}

/** What an Artifact built over the window covers: from where its events are complete, or nothing when the log was not read. */
export function windowCovers(window: EventWindow, deniedDetail?: string): EvidencePeriod {
  const stated = { kind: 'window' as const, windowDays: window.days };
  if (deniedDetail !== undefined) {
    return { ...stated, from: window.to, to: window.to, gap: { from: window.from, to: window.to, reason: 'permission_denied', detail: deniedDetail } };
  }
  if (window.completeFrom === window.from) return { ...stated, from: window.from, to: window.to };
  const detail =
    `events before ${window.completeFrom} could not be read: the API keeps ${window.historyDays} days of events, ` +
    'and no earlier collection of this connection kept them';
  return { ...stated, from: window.completeFrom, to: window.to, gap: { from: window.from, to: window.completeFrom, reason: 'history_unavailable', detail } };
}

/** A snapshot covers the instant it was read. */
export function snapshotCovers(collectedAt: string): EvidencePeriod {
  return { kind: 'snapshot', from: collectedAt, to: collectedAt };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
