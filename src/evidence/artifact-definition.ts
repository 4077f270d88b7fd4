import type { SourceName } from '../iru/index.js';
import type { EventWindow } from './evidence-period.js';
import type { BuildExceptions } from './exceptions.js';
import type { RecordSink } from './record-sink.js';
import type { Spill } from './spill.js';
import type { RecordOrder } from './sort.js';
import type { Artifact, ArtifactSummary, ArtifactType, EvidencePeriod, ObservedAt } from './types/artifact.generated.js';

/** What a builder gets: the run's identity and the stored rows of its sources, page by page. */
export interface BuildContext {
  connectionId: string;
  runId: string;
  tenant: string;
  tokenFingerprint: string;
  freshnessHours: number;
  connectorVersion: string;
  /** When the latest page of these sources was fetched. */
  collectedAt: string;
  /** Evaluation time for age-based criteria: the collection time, so a rebuild gives the same result. */
  now: Date;
  /** The stored pages of a source; builds read them typed by the endpoint catalog, through `rowsOf`. */
  pages<Row>(source: SourceName): AsyncIterable<Row[]>;
  /** Where this Artifact's records go as they are built, kept in `order`: the build never holds them all. */
  recordSink<R extends object>(order: RecordOrder<R>): RecordSink<R>;
  /** Scratch space for items too many to hold, read back in `order` (e.g. to group Prism rows by device). */
  spill<T extends object>(order: RecordOrder<T>): Spill<T>;
  /** How each source of this run ended; given to every build, read by the collection-run Artifact. */
  run?: { sources: RunSourceOutcome[] };
  /**
   * The GET permissions this Artifact's sources were denied (`describePermission` text); its denied sources read as
   * no rows, and every record in scope is not evaluable (permission_denied), naming them. Empty or absent: none.
   */
  deniedPermissions?: string[];
  /** For an Artifact of events (`ArtifactDefinition.window`): the window it covers, as planned. */
  window?: EventWindow;
  /** The records of the Artifact it continues (`window.continues`), in their stored order; none when absent or it continues none. */
  carriedRecords?<R extends object>(): AsyncIterable<R>;
  /** The admins' exceptions for this connection and check at `collectedAt`; absent for a type no exception can name. */
  exceptions?: BuildExceptions;
}

/** One source's outcome in the run, as the collector reports it (no rows). */
export interface RunSourceOutcome {
  name: string;
  /** The route that read it, when not the source's own endpoint (the cheaper path, or the route taken on denial). */
  via?: string;
  status: 'succeeded' | 'failed' | 'not_applicable';
  records: number;
  requests: number;
  error: { code: string } | null;
  /** Read through its denied route (`via`): the source's own permission is missing (permission_denied), the evidence complete. */
  denied?: { code: string; message: string };
}

export interface BuiltEvidence {
  /** How many records went to the record sink. */
  recordCount: number;
  summary: ArtifactSummary;
  observedAt?: ObservedAt;
  /** The period the evidence covers; absent: a snapshot at collection time. */
  covers?: EvidencePeriod;
}

/** One Artifact type: the endpoints it reads and how its evidence is built from their rows. Data for the collector to drive. */
export interface ArtifactDefinition {
  type: ArtifactType;
  title: string;
  description: string;
  /**
   * Catalog endpoint names whose rows this Artifact is built from; each must have been collected or denied. With one
   * denied the Artifact is still built, from the others, its records in scope not evaluable (`deniedPermissions`).
   */
  sources: SourceName[];
  /**
   * Endpoints read when they were collected, as extra detail: the Artifact is built once `sources` are collected, and
   * an optional source that was not (no permission, failed) reads as having no rows.
   */
  optionalSources?: SourceName[];
  /**
   * An Artifact of this source's events over a rolling window (the source's catalog `timeWindow`), not a snapshot: the
   * run is planned with its window (src/evidence/evidence-period.ts) and reads the source for it.
   */
  window?: SourceName;
  build(context: BuildContext): Promise<BuiltEvidence>;
}

export type { Artifact };
