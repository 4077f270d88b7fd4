import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TokenCipher, tokenFingerprint } from '../token-cipher.js';
import type {
  Connection,
  ConnectionStatus,
  EvidenceStore,
  NewConnection,
  RunRecord,
  RunStatus,
  SourceProgress,
  StoredArtifact,
  StoredPage,
} from '../types.js';
import { migrate } from './migrations.js';

const DEFAULT_FRESHNESS_HOURS = 48;

interface ConnectionRow {
  id: string;
  name: string;
  base_url: string;
  region: string | null;
  app: string | null;
  token_fingerprint: string;
  freshness_hours: number;
  status: ConnectionStatus;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

interface RunRow {
  id: string;
  connection_id: string;
  workflow_id: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  summary_json: string | null;
}

interface ArtifactRow {
  id: string;
  connection_id: string;
  run_id: string;
  type: string;
  collected_at: string;
  sha256: string;
  content_sha256: string;
  record_count: number;
  published: number;
  document_json: string;
}

/** The embedded store: one SQLite file under the data dir, WAL mode, shared safely by the CLI and workers. */
export class SqliteStore implements EvidenceStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly cipher: TokenCipher;

  constructor(file: string, cipher: TokenCipher) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.file = file;
    this.cipher = cipher;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db);
  }

  async saveConnection(input: NewConnection): Promise<Connection> {
    const now = new Date().toISOString();
    const existing = this.db.prepare<[string], ConnectionRow>('SELECT * FROM connections WHERE name = ?').get(input.name);
    const id = existing?.id ?? randomUUID();
    const ciphertext = this.cipher.encrypt(input.token, id);
    this.db
      .prepare(
        `INSERT INTO connections (id, name, base_url, region, app, token_ciphertext, token_fingerprint, freshness_hours, status, status_reason, created_at, updated_at)
         VALUES (@id, @name, @baseUrl, @region, @app, @ciphertext, @fingerprint, @freshness, 'ok', NULL, @now, @now)
         ON CONFLICT(id) DO UPDATE SET base_url = @baseUrl, region = @region, app = @app, token_ciphertext = @ciphertext,
           token_fingerprint = @fingerprint, freshness_hours = @freshness, status = 'ok', status_reason = NULL, updated_at = @now`,
      )
      .run({
        id,
        name: input.name,
        baseUrl: input.baseUrl,
        region: input.region ?? null,
        app: input.app ?? null,
        ciphertext,
        fingerprint: tokenFingerprint(input.token),
        freshness: input.freshnessHours ?? existing?.freshness_hours ?? DEFAULT_FRESHNESS_HOURS,
        now,
      });
    return (await this.getConnection(id))!;
  }

  async getConnection(idOrName: string): Promise<Connection | undefined> {
    const row = this.db.prepare<[string, string], ConnectionRow>('SELECT * FROM connections WHERE id = ? OR name = ?').get(idOrName, idOrName);
    return row && toConnection(row);
  }

  async listConnections(): Promise<Connection[]> {
    return this.db.prepare<[], ConnectionRow>('SELECT * FROM connections ORDER BY name').all().map(toConnection);
  }

  async readToken(connectionId: string): Promise<string> {
    const row = this.db.prepare<[string], { token_ciphertext: Buffer }>('SELECT token_ciphertext FROM connections WHERE id = ?').get(connectionId);
    if (!row) throw new Error(`No connection with id ${connectionId}`);
    return this.cipher.decrypt(row.token_ciphertext, connectionId);
  }

  async setConnectionStatus(connectionId: string, status: ConnectionStatus, reason: string | null): Promise<void> {
    this.db.prepare('UPDATE connections SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, new Date().toISOString(), connectionId);
  }

  async startRun(run: { id: string; connectionId: string; workflowId: string; startedAt: string }): Promise<RunRecord> {
    this.db
      .prepare(`INSERT INTO runs (id, connection_id, workflow_id, status, started_at) VALUES (?, ?, ?, 'running', ?) ON CONFLICT(id) DO NOTHING`)
      .run(run.id, run.connectionId, run.workflowId, run.startedAt);
    return (await this.getRun(run.id))!;
  }

  async finishRun(runId: string, outcome: { status: Exclude<RunStatus, 'running'>; finishedAt: string; summary: unknown }): Promise<void> {
    this.db
      .prepare('UPDATE runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?')
      .run(outcome.status, outcome.finishedAt, JSON.stringify(outcome.summary), runId);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = this.db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?').get(runId);
    return row && toRun(row);
  }

  async listRuns(connectionId: string, limit = 50): Promise<RunRecord[]> {
    return this.db
      .prepare<[string, number], RunRow>('SELECT * FROM runs WHERE connection_id = ? ORDER BY started_at DESC LIMIT ?')
      .all(connectionId, limit)
      .map(toRun);
  }

  async putPage(page: StoredPage): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO raw_pages (run_id, source, page_index, row_count, rows_json, next_cursor_json, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(run_id, source, page_index) DO UPDATE SET row_count = excluded.row_count, rows_json = excluded.rows_json,
           next_cursor_json = excluded.next_cursor_json, fetched_at = excluded.fetched_at`,
      )
      .run(page.runId, page.source, page.pageIndex, page.rows.length, JSON.stringify(page.rows), JSON.stringify(page.next ?? null), page.fetchedAt);
  }

  async truncatePages(runId: string, source: string, fromPageIndex: number): Promise<void> {
    this.db.prepare('DELETE FROM raw_pages WHERE run_id = ? AND source = ? AND page_index >= ?').run(runId, source, fromPageIndex);
  }

  async *pages<Row = unknown>(runId: string, source: string): AsyncIterable<StoredPage<Row>> {
    const statement = this.db.prepare<[string, string, number], { page_index: number; rows_json: string; next_cursor_json: string | null; fetched_at: string }>(
      'SELECT page_index, rows_json, next_cursor_json, fetched_at FROM raw_pages WHERE run_id = ? AND source = ? AND page_index >= ? ORDER BY page_index LIMIT 1',
    );
    for (let next = 0; ; ) {
      const row = statement.get(runId, source, next);
      if (!row) return;
      yield { runId, source, pageIndex: row.page_index, rows: JSON.parse(row.rows_json) as Row[], next: parseNullable(row.next_cursor_json), fetchedAt: row.fetched_at };
      next = row.page_index + 1;
    }
  }

  async sourceProgress(runId: string, source: string): Promise<SourceProgress> {
    const row = this.db
      .prepare<[string, string], { pages: number; rows: number | null; first: string | null; last: string | null }>(
        'SELECT COUNT(*) AS pages, SUM(row_count) AS rows, MIN(fetched_at) AS first, MAX(fetched_at) AS last FROM raw_pages WHERE run_id = ? AND source = ?',
      )
      .get(runId, source)!;
    const last = this.db
      .prepare<[string, string], { next_cursor_json: string | null }>('SELECT next_cursor_json FROM raw_pages WHERE run_id = ? AND source = ? ORDER BY page_index DESC LIMIT 1')
      .get(runId, source);
    return { pages: row.pages, rows: row.rows ?? 0, firstFetchedAt: row.first, lastFetchedAt: row.last, resumeFrom: last ? parseNullable(last.next_cursor_json) : undefined };
  }

  async putArtifact(artifact: Omit<StoredArtifact, 'published'>): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO artifacts (id, connection_id, run_id, type, collected_at, sha256, content_sha256, record_count, document_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
      )
      .run(artifact.id, artifact.connectionId, artifact.runId, artifact.type, artifact.collectedAt, artifact.sha256, artifact.contentSha256, artifact.recordCount, artifact.document);
  }

  async publishRun(runId: string, outcome: { status: Exclude<RunStatus, 'running'>; finishedAt: string; summary: unknown }): Promise<void> {
    this.db.transaction(() => {
      if (outcome.status !== 'failed') {
        const seq = (this.db.prepare<[], { seq: number | null }>('SELECT MAX(published_seq) AS seq FROM artifacts').get()?.seq ?? 0) + 1;
        this.db.prepare('UPDATE artifacts SET published = 1, published_seq = ? WHERE run_id = ? AND published = 0').run(seq, runId);
      }
      this.db
        .prepare('UPDATE runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?')
        .run(outcome.status, outcome.finishedAt, JSON.stringify(outcome.summary), runId);
    })();
  }

  async currentArtifacts(connectionId: string): Promise<StoredArtifact[]> {
    return this.db
      .prepare<[string], ArtifactRow>(
        `SELECT a.* FROM artifacts a
         WHERE a.connection_id = ? AND a.published = 1
           AND a.published_seq = (SELECT MAX(b.published_seq) FROM artifacts b WHERE b.connection_id = a.connection_id AND b.type = a.type AND b.published = 1)
         ORDER BY a.type`,
      )
      .all(connectionId)
      .map(toArtifact);
  }

  async getArtifact(id: string): Promise<StoredArtifact | undefined> {
    const row = this.db.prepare<[string], ArtifactRow>('SELECT * FROM artifacts WHERE id = ?').get(id);
    return row && toArtifact(row);
  }

  async artifactVersions(connectionId: string, type: string): Promise<StoredArtifact[]> {
    return this.db
      .prepare<[string, string], ArtifactRow>('SELECT * FROM artifacts WHERE connection_id = ? AND type = ? AND published = 1 ORDER BY published_seq DESC')
      .all(connectionId, type)
      .map(toArtifact);
  }

  async runArtifacts(runId: string): Promise<StoredArtifact[]> {
    return this.db.prepare<[string], ArtifactRow>('SELECT * FROM artifacts WHERE run_id = ? ORDER BY type').all(runId).map(toArtifact);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function parseNullable(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    region: row.region,
    app: row.app,
    tokenFingerprint: row.token_fingerprint,
    freshnessHours: row.freshness_hours,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    workflowId: row.workflow_id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    summary: row.summary_json ? JSON.parse(row.summary_json) : null,
  };
}

function toArtifact(row: ArtifactRow): StoredArtifact {
  return {
    id: row.id,
    connectionId: row.connection_id,
    runId: row.run_id,
    type: row.type,
    collectedAt: row.collected_at,
    sha256: row.sha256,
    contentSha256: row.content_sha256,
    recordCount: row.record_count,
    published: row.published === 1,
    document: row.document_json,
  };
}
