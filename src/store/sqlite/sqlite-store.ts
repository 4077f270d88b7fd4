import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { TokenCipher, tokenFingerprint } from '../token-cipher.js';
import type {
  ApiKeyRecord,
  ArtifactVersion,
  ArtifactVersionFilter,
  Connection,
  ConnectionStatus,
  EvidenceStore,
  NewApiKey,
  NewConnection,
  NewWebUser,
  RunFilter,
  RunRecord,
  RunStatus,
  SourcePageCount,
  SourceProgress,
  StoredArtifact,
  StoredPage,
  StoredRecord,
  WebSession,
  WebUser,
  WebUserCredentials,
} from '../types.js';
import { scrubSecrets } from '../../failures/index.js';
import { mergeSorted } from '../merge-sorted.js';
import { compareStoredRecords } from '../record-order.js';
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
  envelope_json: string;
}

interface RecordRow {
  rowid: number;
  sort_key: string;
  tie: string;
  body: string;
}

interface RecordRunRow {
  run: number;
  first_rowid: number;
  last_rowid: number;
}

const RECORDS_PER_READ = 500;
/** Records a merge of sorted runs holds at once, over all the runs (each holds its current read batch). */
const MERGE_BUFFER_RECORDS = 5_000;

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
    const summary = await this.summaryJson(runId, outcome.summary);
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?').run(outcome.status, outcome.finishedAt, summary, runId);
  }

  /** A run summary as stored: its connection's token (and any `Bearer <token>`) scrubbed out again, whatever produced it. */
  private async summaryJson(runId: string, summary: unknown): Promise<string> {
    const run = this.db.prepare<[string], { connection_id: string }>('SELECT connection_id FROM runs WHERE id = ?').get(runId);
    const token = run ? await this.readToken(run.connection_id).catch(() => undefined) : undefined;
    return scrubSecrets(JSON.stringify(summary), [token]);
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

  /**
   * A source's pages in order. Reads are synchronous, so each page is followed by a turn of the event loop: a build
   * reading a million rows would otherwise stall the worker's collection, heartbeats and GC tasks until it ends.
   */
  async *pages<Row = unknown>(runId: string, source: string): AsyncIterable<StoredPage<Row>> {
    const statement = this.db.prepare<[string, string, number], { page_index: number; rows_json: string; next_cursor_json: string | null; fetched_at: string }>(
      'SELECT page_index, rows_json, next_cursor_json, fetched_at FROM raw_pages WHERE run_id = ? AND source = ? AND page_index >= ? ORDER BY page_index LIMIT 1',
    );
    for (let next = 0; ; ) {
      const row = statement.get(runId, source, next);
      if (!row) return;
      yield { runId, source, pageIndex: row.page_index, rows: JSON.parse(row.rows_json) as Row[], next: parseNullable(row.next_cursor_json), fetchedAt: row.fetched_at };
      next = row.page_index + 1;
      await yieldToEventLoop();
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

  async pageCounts(runId: string): Promise<SourcePageCount[]> {
    return this.db
      .prepare<[string], SourcePageCount>('SELECT source, COUNT(*) AS pages, SUM(row_count) AS rows FROM raw_pages WHERE run_id = ? GROUP BY source ORDER BY source')
      .all(runId);
  }

  async pruneRawPages(connectionId: string, finishedBefore: string, keepRunId: string): Promise<number> {
    return this.db
      .prepare(
        "DELETE FROM raw_pages WHERE run_id IN (SELECT id FROM runs WHERE connection_id = ? AND status <> 'running' AND finished_at < ? AND id <> ?)",
      )
      .run(connectionId, finishedBefore, keepRunId).changes;
  }

  async putArtifactRecords(artifactId: string, records: StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    const sorted = [...records].sort(compareStoredRecords);
    const insert = this.db.prepare('INSERT INTO artifact_records (artifact_id, run, sort_key, tie, body) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      const run = this.db.prepare<[string], { run: number }>('SELECT COALESCE(MAX(run), -1) + 1 AS run FROM artifact_record_runs WHERE artifact_id = ?').get(artifactId)!.run;
      let first: number | bigint | undefined;
      let last: number | bigint = 0;
      for (const record of sorted) {
        last = insert.run(artifactId, run, record.sortKey, record.tie, record.body).lastInsertRowid;
        first ??= last;
      }
      this.db.prepare('INSERT INTO artifact_record_runs (artifact_id, run, first_rowid, last_rowid) VALUES (?, ?, ?, ?)').run(artifactId, run, first!, last);
    })();
  }

  async deleteArtifactRecords(artifactId: string): Promise<void> {
    this.db.transaction(() => {
      for (const run of this.recordRuns(artifactId)) this.db.prepare('DELETE FROM artifact_records WHERE rowid BETWEEN ? AND ?').run(run.first_rowid, run.last_rowid);
      this.db.prepare('DELETE FROM artifact_record_runs WHERE artifact_id = ?').run(artifactId);
    })();
  }

  artifactRecords(artifactId: string): AsyncIterable<string> {
    const found = this.recordRuns(artifactId);
    // Every run holds a read batch in memory during the merge: smaller batches when there are many runs.
    const perRead = Math.max(64, Math.min(RECORDS_PER_READ, Math.floor(MERGE_BUFFER_RECORDS / Math.max(1, found.length))));
    const runs = found.map((run) => this.recordRun(artifactId, run, perRead));
    return mapAsync(mergeSorted(runs, compareStoredRecords), (record) => record.body);
  }

  private recordRuns(artifactId: string): RecordRunRow[] {
    return this.db.prepare<[string], RecordRunRow>('SELECT run, first_rowid, last_rowid FROM artifact_record_runs WHERE artifact_id = ? ORDER BY run').all(artifactId);
  }

  /** One sorted run, read by rowid a batch at a time (no statement stays open between batches; the event loop turns between them). */
  private async *recordRun(artifactId: string, run: RecordRunRow, perRead: number): AsyncIterable<StoredRecord> {
    const batch = this.db.prepare<[number, number, string, number, number], RecordRow>(
      'SELECT rowid, sort_key, tie, body FROM artifact_records WHERE rowid > ? AND rowid <= ? AND artifact_id = ? AND run = ? ORDER BY rowid LIMIT ?',
    );
    for (let after = run.first_rowid - 1; after < run.last_rowid; ) {
      const rows = batch.all(after, run.last_rowid, artifactId, run.run, perRead);
      if (rows.length === 0) return;
      for (const row of rows) yield { sortKey: row.sort_key, tie: row.tie, body: row.body };
      after = rows.at(-1)!.rowid;
      await yieldToEventLoop();
    }
  }

  async putArtifact(artifact: Omit<StoredArtifact, 'published'>): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO artifacts (id, connection_id, run_id, type, collected_at, sha256, content_sha256, record_count, envelope_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
      )
      .run(artifact.id, artifact.connectionId, artifact.runId, artifact.type, artifact.collectedAt, artifact.sha256, artifact.contentSha256, artifact.recordCount, artifact.envelope);
  }

  async publishRun(runId: string, outcome: { status: Exclude<RunStatus, 'running'>; finishedAt: string; summary: unknown }): Promise<void> {
    const summary = await this.summaryJson(runId, outcome.summary);
    this.db.transaction(() => {
      if (outcome.status !== 'failed') {
        const seq = (this.db.prepare<[], { seq: number | null }>('SELECT MAX(published_seq) AS seq FROM artifacts').get()?.seq ?? 0) + 1;
        this.db.prepare('UPDATE artifacts SET published = 1, published_seq = ? WHERE run_id = ? AND published = 0').run(seq, runId);
      }
      this.db
        .prepare('UPDATE runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?')
        .run(outcome.status, outcome.finishedAt, summary, runId);
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

  // ---- Auditor web app: browsing published Artifacts and runs, web users, sessions and API keys ----

  async listArtifactVersions(filter: ArtifactVersionFilter = {}): Promise<ArtifactVersion[]> {
    this.deriveMissingEnvelopes();
    return this.db
      .prepare<Record<string, unknown>, ArtifactVersionRow>(
        `SELECT * FROM (
           SELECT a.id, a.connection_id, a.run_id, a.type, a.collected_at, a.sha256, a.content_sha256, a.record_count, a.published_seq,
             e.expires_at, e.envelope_json,
             a.published_seq = (SELECT MAX(b.published_seq) FROM artifacts b WHERE b.connection_id = a.connection_id AND b.type = a.type AND b.published = 1) AS is_current
           FROM artifacts a JOIN artifact_envelopes e ON e.artifact_id = a.id
           WHERE a.published = 1
             AND (@ids IS NULL OR a.id IN (SELECT value FROM json_each(@ids)))
             AND (@connectionId IS NULL OR a.connection_id = @connectionId)
             AND (@types IS NULL OR a.type IN (SELECT value FROM json_each(@types)))
             AND (@validTo IS NULL OR a.collected_at <= @validTo)
             AND (@validFrom IS NULL OR e.expires_at >= @validFrom)
         ) WHERE (@currentOnly = 0 OR is_current = 1)
         ORDER BY type, connection_id, published_seq DESC
         LIMIT @limit`,
      )
      .all({
        ids: filter.ids ? JSON.stringify(filter.ids) : null,
        connectionId: filter.connectionId ?? null,
        types: filter.types ? JSON.stringify(filter.types) : null,
        validTo: filter.validTo ?? null,
        validFrom: filter.validFrom ?? null,
        currentOnly: filter.currentOnly ? 1 : 0,
        limit: filter.limit ?? -1,
      })
      .map(toArtifactVersion);
  }

  /** Artifacts are immutable, so each published one's envelope is derived once (one parse of its document) and kept. */
  private deriveMissingEnvelopes(): void {
    const missing = this.db
      .prepare<[], { id: string }>(
        'SELECT a.id FROM artifacts a WHERE a.published = 1 AND NOT EXISTS (SELECT 1 FROM artifact_envelopes e WHERE e.artifact_id = a.id) LIMIT 1',
      )
      .get();
    if (!missing) return;
    this.db.exec(
      `INSERT OR IGNORE INTO artifact_envelopes (artifact_id, expires_at, envelope_json)
       SELECT id, json_extract(envelope, '$.expiresAt'), envelope FROM (
         SELECT a.id, a.envelope_json AS envelope FROM artifacts a
         WHERE a.published = 1 AND NOT EXISTS (SELECT 1 FROM artifact_envelopes e WHERE e.artifact_id = a.id))`,
    );
  }

  async findRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    return this.db
      .prepare<Record<string, unknown>, RunRow>(
        `SELECT * FROM runs
         WHERE (@connectionId IS NULL OR connection_id = @connectionId)
           AND (@startedFrom IS NULL OR started_at >= @startedFrom)
           AND (@startedTo IS NULL OR started_at <= @startedTo)
         ORDER BY started_at DESC LIMIT @limit`,
      )
      .all({ connectionId: filter.connectionId ?? null, startedFrom: filter.startedFrom ?? null, startedTo: filter.startedTo ?? null, limit: filter.limit ?? -1 })
      .map(toRun);
  }

  async createWebUser(user: NewWebUser): Promise<WebUser> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO web_users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, user.username.toLowerCase(), user.passwordHash, user.role, new Date().toISOString());
    return (await this.getWebUser(id))!;
  }

  async getWebUser(id: string): Promise<WebUser | undefined> {
    const row = this.db.prepare<[string], WebUserRow>('SELECT * FROM web_users WHERE id = ?').get(id);
    return row && toWebUser(row);
  }

  async findWebUserCredentials(username: string): Promise<WebUserCredentials | undefined> {
    const row = this.db.prepare<[string], WebUserRow>('SELECT * FROM web_users WHERE username = ?').get(username.toLowerCase());
    return row && { ...toWebUser(row), passwordHash: row.password_hash };
  }

  async listWebUsers(): Promise<WebUser[]> {
    return this.db.prepare<[], WebUserRow>('SELECT * FROM web_users ORDER BY username').all().map(toWebUser);
  }

  async createWebSession(session: WebSession): Promise<void> {
    this.db
      .prepare('INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(session.idHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt);
  }

  async getWebSession(idHash: string, now: string): Promise<{ session: WebSession; user: WebUser } | undefined> {
    const row = this.db
      .prepare<[string, string], WebSessionRow & WebUserRow>(
        `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at AS session_created_at, s.expires_at, u.*
         FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?`,
      )
      .get(idHash, now);
    if (!row) return undefined;
    return {
      session: { idHash: row.id_hash, userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.session_created_at, expiresAt: row.expires_at },
      user: toWebUser(row),
    };
  }

  async deleteWebSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM web_sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteExpiredWebSessions(now: string): Promise<void> {
    this.db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(now);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    this.insertApiKey(key);
    return (await this.getApiKey(key.id))!;
  }

  private insertApiKey(key: NewApiKey): void {
    this.db
      .prepare('INSERT INTO api_keys (id, name, key_hash, scope, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key.id, key.name, key.keyHash, key.scope, key.createdBy, key.createdAt);
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const row = this.db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?').get(id);
    return row && toApiKey(row);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE key_hash = ?').get(keyHash);
    return row && toApiKey(row);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, id').all().map(toApiKey);
  }

  async rotateApiKey(id: string, replacement: NewApiKey, previousExpiresAt: string): Promise<ApiKeyRecord> {
    this.db.transaction(() => {
      this.insertApiKey(replacement);
      this.db.prepare('UPDATE api_keys SET expires_at = ?, replaced_by = ? WHERE id = ?').run(previousExpiresAt, replacement.id, id);
    })();
    return (await this.getApiKey(replacement.id))!;
  }

  async revokeApiKey(id: string, at: string): Promise<void> {
    this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
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
    envelope: row.envelope_json,
  };
}

// ---- Auditor web app rows ----

interface ArtifactVersionRow {
  id: string;
  connection_id: string;
  run_id: string;
  type: string;
  collected_at: string;
  sha256: string;
  content_sha256: string;
  record_count: number;
  published_seq: number;
  expires_at: string;
  envelope_json: string;
  is_current: number;
}

interface WebUserRow {
  id: string;
  username: string;
  password_hash: string;
  role: WebUser['role'];
  created_at: string;
}

interface WebSessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  session_created_at: string;
  expires_at: string;
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_hash: string;
  scope: ApiKeyRecord['scope'];
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  replaced_by: string | null;
  last_used_at: string | null;
}

function toArtifactVersion(row: ArtifactVersionRow): ArtifactVersion {
  return {
    id: row.id,
    connectionId: row.connection_id,
    runId: row.run_id,
    type: row.type,
    collectedAt: row.collected_at,
    expiresAt: row.expires_at,
    sha256: row.sha256,
    contentSha256: row.content_sha256,
    recordCount: row.record_count,
    publishedSeq: row.published_seq,
    current: row.is_current === 1,
    envelope: row.envelope_json,
  };
}

function toWebUser(row: WebUserRow): WebUser {
  return { id: row.id, username: row.username, role: row.role, createdAt: row.created_at };
}

function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    replacedBy: row.replaced_by,
    lastUsedAt: row.last_used_at,
  };
}

async function* mapAsync<T, U>(items: AsyncIterable<T>, map: (item: T) => U): AsyncIterable<U> {
  for await (const item of items) yield map(item);
}
