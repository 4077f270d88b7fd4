export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';
export type ConnectionStatus = 'ok' | 'needs_attention';

export interface Connection {
  id: string;
  name: string;
  baseUrl: string;
  region: string | null;
  app: string | null;
  tokenFingerprint: string;
  freshnessHours: number;
  status: ConnectionStatus;
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewConnection {
  name: string;
  baseUrl: string;
  region?: string | null;
  app?: string | null;
  token: string;
  freshnessHours?: number;
}

export interface RunRecord {
  id: string;
  connectionId: string;
  workflowId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** The run summary (small JSON), once finished. */
  summary: unknown;
}

export interface StoredPage<Row = unknown> {
  runId: string;
  source: string;
  pageIndex: number;
  rows: Row[];
  /** Where the source continues after this page (null after the last one): lets a retried activity resume. */
  next: unknown;
  fetchedAt: string;
}

export interface SourceProgress {
  pages: number;
  rows: number;
  firstFetchedAt: string | null;
  lastFetchedAt: string | null;
  /** The `next` of the highest stored page, or undefined when no page is stored. */
  resumeFrom: unknown;
}

export interface StoredArtifact {
  id: string;
  connectionId: string;
  runId: string;
  type: string;
  collectedAt: string;
  sha256: string;
  contentSha256: string;
  recordCount: number;
  published: boolean;
  /** The Artifact document as JSON text, exactly as hashed. */
  document: string;
}

/** Everything that lives outside workflow history: connections, runs, raw pages and artifact versions. */
export interface EvidenceStore {
  saveConnection(connection: NewConnection): Promise<Connection>;
  getConnection(idOrName: string): Promise<Connection | undefined>;
  listConnections(): Promise<Connection[]>;
  readToken(connectionId: string): Promise<string>;
  setConnectionStatus(connectionId: string, status: ConnectionStatus, reason: string | null): Promise<void>;

  startRun(run: { id: string; connectionId: string; workflowId: string; startedAt: string }): Promise<RunRecord>;
  finishRun(runId: string, outcome: { status: Exclude<RunStatus, 'running'>; finishedAt: string; summary: unknown }): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  listRuns(connectionId: string, limit?: number): Promise<RunRecord[]>;

  /** Idempotent per (run, source, page): a retried page replaces itself. */
  putPage(page: StoredPage): Promise<void>;
  /** Drops pages at or after `fromPageIndex` (a resumed source re-reads them). */
  truncatePages(runId: string, source: string, fromPageIndex: number): Promise<void>;
  pages<Row = unknown>(runId: string, source: string): AsyncIterable<StoredPage<Row>>;
  sourceProgress(runId: string, source: string): Promise<SourceProgress>;

  /** Adds an artifact version (unpublished); the same id twice is a no-op. */
  putArtifact(artifact: Omit<StoredArtifact, 'published'>): Promise<void>;
  /** Atomically makes the run's artifacts current and records its outcome. Older versions stay. */
  publishRun(runId: string, outcome: { status: Exclude<RunStatus, 'running'>; finishedAt: string; summary: unknown }): Promise<void>;
  currentArtifacts(connectionId: string): Promise<StoredArtifact[]>;
  getArtifact(id: string): Promise<StoredArtifact | undefined>;
  artifactVersions(connectionId: string, type: string): Promise<StoredArtifact[]>;
  runArtifacts(runId: string): Promise<StoredArtifact[]>;

  close(): Promise<void>;
}
