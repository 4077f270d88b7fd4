import { randomUUID } from 'node:crypto';
import { tokenFingerprint, type TokenCipher } from '../token-cipher.js';
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
import { API_KEY_COLUMNS, ARTIFACT_COLUMNS, CONNECTION_COLUMNS, RUN_COLUMNS, toRun, WEB_USER_COLUMNS, type RunRow } from './columns.js';
import { scrubSecrets } from '../../failures/index.js';
import { parseDatabaseUrl } from './database-url.js';
import { Database, type DatabaseOptions } from './database.js';

const DEFAULT_FRESHNESS_HOURS = 48;
/** First key of the two-key advisory locks that serialise saving one connection name (a key space of its own). */
const CONNECTION_NAME_LOCK = 1;

type Outcome = { status: Exclude<RunStatus, 'running'>; finishedAt: string; summary: unknown };

interface RecordRow {
  sort_key: string;
  tie: string;
  copies: number;
  body: string;
}

/** Records read per query: memory stays bounded by a page and no connection is held between pages. */
const RECORDS_PER_READ = 500;

/**
 * The shared store for several workers on several hosts: one PostgreSQL database, the same semantics as the SQLite
 * store. Migrations run on first use. Every worker must use the same IRU_EVIDENCE_KEY to read the tokens.
 */
export class PostgresStore implements EvidenceStore {
  private readonly db: Database;
  private readonly cipher: TokenCipher;

  constructor(databaseUrl: string, cipher: TokenCipher, options: DatabaseOptions = {}) {
    this.db = new Database(parseDatabaseUrl(databaseUrl), options);
    this.cipher = cipher;
  }

  /** user@host:port/database, without the password. */
  get label(): string {
    return this.db.label;
  }

  async saveConnection(input: NewConnection): Promise<Connection> {
    return this.db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CONNECTION_NAME_LOCK, input.name]);
      const existing = (await client.query<{ id: string; freshness_hours: number }>('SELECT id, freshness_hours FROM connections WHERE name = $1', [input.name])).rows[0];
      const id = existing?.id ?? randomUUID();
      const now = new Date().toISOString();
      const { rows } = await client.query<Connection>(
        `INSERT INTO connections (id, name, base_url, region, app, token_ciphertext, token_fingerprint, freshness_hours, status, status_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ok', NULL, $9, $9)
         ON CONFLICT (id) DO UPDATE SET base_url = $3, region = $4, app = $5, token_ciphertext = $6, token_fingerprint = $7,
           freshness_hours = $8, status = 'ok', status_reason = NULL, updated_at = $9
         RETURNING ${CONNECTION_COLUMNS}`,
        [
          id,
          input.name,
          input.baseUrl,
          input.region ?? null,
          input.app ?? null,
          this.cipher.encrypt(input.token, id),
          tokenFingerprint(input.token),
          input.freshnessHours ?? existing?.freshness_hours ?? DEFAULT_FRESHNESS_HOURS,
          now,
        ],
      );
      return rows[0]!;
    });
  }

  async getConnection(idOrName: string): Promise<Connection | undefined> {
    return (await this.db.query<Connection>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1 OR name = $1`, [idOrName]))[0];
  }

  async listConnections(): Promise<Connection[]> {
    return this.db.query<Connection>(`SELECT ${CONNECTION_COLUMNS} FROM connections ORDER BY name`);
  }

  /** A run summary as stored: its connection's token (and any `Bearer <token>`) scrubbed out again, whatever produced it. */
  private async summaryJson(runId: string, summary: unknown): Promise<string> {
    const [run] = await this.db.query<{ connection_id: string }>('SELECT connection_id FROM runs WHERE id = $1', [runId]);
    const token = run ? await this.readToken(run.connection_id).catch(() => undefined) : undefined;
    return scrubSecrets(JSON.stringify(summary), [token]);
  }

  async readToken(connectionId: string): Promise<string> {
    const [row] = await this.db.query<{ token_ciphertext: Buffer }>('SELECT token_ciphertext FROM connections WHERE id = $1', [connectionId]);
    if (!row) throw new Error(`No connection with id ${connectionId}`);
    return this.cipher.decrypt(row.token_ciphertext, connectionId);
  }

  async setConnectionStatus(connectionId: string, status: ConnectionStatus, reason: string | null): Promise<void> {
    await this.db.query('UPDATE connections SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4', [status, reason, new Date().toISOString(), connectionId]);
  }

  async startRun(run: { id: string; connectionId: string; workflowId: string; startedAt: string }): Promise<RunRecord> {
    await this.db.query(`INSERT INTO runs (id, connection_id, workflow_id, status, started_at) VALUES ($1, $2, $3, 'running', $4) ON CONFLICT (id) DO NOTHING`, [
      run.id,
      run.connectionId,
      run.workflowId,
      run.startedAt,
    ]);
    return (await this.getRun(run.id))!;
  }

  async finishRun(runId: string, outcome: Outcome): Promise<void> {
    await this.db.query('UPDATE runs SET status = $1, finished_at = $2, summary_json = $3 WHERE id = $4', [outcome.status, outcome.finishedAt, await this.summaryJson(runId, outcome.summary), runId]);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    return (await this.db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [runId])).map(toRun)[0];
  }

  async listRuns(connectionId: string, limit = 50): Promise<RunRecord[]> {
    return (await this.db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE connection_id = $1 ORDER BY started_at DESC LIMIT $2`, [connectionId, limit])).map(toRun);
  }

  async putPage(page: StoredPage): Promise<void> {
    await this.db.query(
      `INSERT INTO raw_pages (run_id, source, page_index, row_count, rows_json, next_cursor_json, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (run_id, source, page_index) DO UPDATE SET row_count = excluded.row_count, rows_json = excluded.rows_json,
         next_cursor_json = excluded.next_cursor_json, fetched_at = excluded.fetched_at`,
      [page.runId, page.source, page.pageIndex, page.rows.length, JSON.stringify(page.rows), JSON.stringify(page.next ?? null), page.fetchedAt],
    );
  }

  async truncatePages(runId: string, source: string, fromPageIndex: number): Promise<void> {
    await this.db.query('DELETE FROM raw_pages WHERE run_id = $1 AND source = $2 AND page_index >= $3', [runId, source, fromPageIndex]);
  }

  /** One page per query, so memory stays bounded by a page and no connection is held between pages. */
  async *pages<Row = unknown>(runId: string, source: string): AsyncIterable<StoredPage<Row>> {
    for (let next = 0; ; ) {
      const [row] = await this.db.query<{ page_index: number; rows_json: string; next_cursor_json: string | null; fetched_at: string }>(
        'SELECT page_index, rows_json, next_cursor_json, fetched_at FROM raw_pages WHERE run_id = $1 AND source = $2 AND page_index >= $3 ORDER BY page_index LIMIT 1',
        [runId, source, next],
      );
      if (!row) return;
      yield { runId, source, pageIndex: row.page_index, rows: JSON.parse(row.rows_json) as Row[], next: parseNullable(row.next_cursor_json), fetchedAt: row.fetched_at };
      next = row.page_index + 1;
    }
  }

  async sourceProgress(runId: string, source: string): Promise<SourceProgress> {
    const [row] = await this.db.query<{ pages: number; rows: number; first: string | null; last: string | null; resume: string | null }>(
      `SELECT count(*)::int AS pages, coalesce(sum(row_count), 0)::int AS rows, min(fetched_at) AS first, max(fetched_at) AS last,
         (SELECT next_cursor_json FROM raw_pages WHERE run_id = $1 AND source = $2 ORDER BY page_index DESC LIMIT 1) AS resume
       FROM raw_pages WHERE run_id = $1 AND source = $2`,
      [runId, source],
    );
    const { pages, rows, first, last, resume } = row!;
    return { pages, rows, firstFetchedAt: first, lastFetchedAt: last, resumeFrom: pages === 0 ? undefined : parseNullable(resume) };
  }

  async pageCounts(runId: string): Promise<SourcePageCount[]> {
    return this.db.query<SourcePageCount>(
      'SELECT source, count(*)::int AS pages, sum(row_count)::int AS rows FROM raw_pages WHERE run_id = $1 GROUP BY source ORDER BY source COLLATE "C"',
      [runId],
    );
  }

  async pruneRawPages(connectionId: string, finishedBefore: string, keepRunId: string): Promise<number> {
    const [row] = await this.db.query<{ pages: number }>(
      `WITH pruned AS (
         DELETE FROM raw_pages WHERE run_id IN (SELECT id FROM runs WHERE connection_id = $1 AND status <> 'running' AND finished_at < $2 AND id <> $3)
         RETURNING 1
       ) SELECT count(*)::int AS pages FROM pruned`,
      [connectionId, finishedBefore, keepRunId],
    );
    return row!.pages;
  }

  /**
   * One statement per batch. PostgreSQL refuses an upsert that touches a row twice, so equal (sortKey, tie) pairs are
   * folded into one row with their count first; as in SQLite, the first body of equal pairs is the one kept.
   */
  async putArtifactRecords(artifactId: string, records: StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    const folded = new Map<string, { record: StoredRecord; copies: number }>();
    for (const record of records) {
      const key = `${record.sortKey}\u0000${record.tie}`; // text holds no NUL: the pair is unambiguous
      const seen = folded.get(key);
      if (seen) seen.copies++;
      else folded.set(key, { record, copies: 1 });
    }
    const rows = [...folded.values()];
    await this.db.query(
      `INSERT INTO artifact_records (artifact_id, sort_key, tie, copies, body)
       SELECT $1, sort_key, tie, copies, body FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[]) AS r(sort_key, tie, copies, body)
       ON CONFLICT (artifact_id, sort_key, tie) DO UPDATE SET copies = artifact_records.copies + EXCLUDED.copies`,
      [artifactId, rows.map((r) => r.record.sortKey), rows.map((r) => r.record.tie), rows.map((r) => r.copies), rows.map((r) => r.record.body)],
    );
  }

  async deleteArtifactRecords(artifactId: string): Promise<void> {
    await this.db.query('DELETE FROM artifact_records WHERE artifact_id = $1', [artifactId]);
  }

  /** In byte order of (sort_key, tie), as SQLite orders them: keyset pages, every comparison in the "C" collation. */
  async *artifactRecords(artifactId: string): AsyncIterable<string> {
    let page = await this.db.query<RecordRow>(
      `SELECT sort_key, tie, copies, body FROM artifact_records WHERE artifact_id = $1
       ORDER BY sort_key COLLATE "C", tie COLLATE "C" LIMIT $2`,
      [artifactId, RECORDS_PER_READ],
    );
    while (page.length > 0) {
      for (const row of page) for (let copy = 0; copy < row.copies; copy++) yield row.body;
      if (page.length < RECORDS_PER_READ) return;
      const last = page.at(-1)!;
      page = await this.db.query<RecordRow>(
        `SELECT sort_key, tie, copies, body FROM artifact_records
         WHERE artifact_id = $1 AND (sort_key COLLATE "C", tie COLLATE "C") > ($2::text COLLATE "C", $3::text COLLATE "C")
         ORDER BY sort_key COLLATE "C", tie COLLATE "C" LIMIT $4`,
        [artifactId, last.sort_key, last.tie, RECORDS_PER_READ],
      );
    }
  }

  /**
   * Adds the version and, for listings, its expiry and envelope in one statement. The expiry is read here, in
   * JavaScript, because PostgreSQL's JSON functions reject escapes that JSON.stringify may write (\u0000).
   */
  async putArtifact(artifact: Omit<StoredArtifact, 'published'>): Promise<void> {
    const { expiresAt } = JSON.parse(artifact.envelope) as { expiresAt: string };
    await this.db.query(
      `WITH added AS (
         INSERT INTO artifacts (id, connection_id, run_id, type, collected_at, sha256, content_sha256, record_count, envelope_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id)
       INSERT INTO artifact_envelopes (artifact_id, expires_at, envelope_json) SELECT id, $10, $9 FROM added`,
      [artifact.id, artifact.connectionId, artifact.runId, artifact.type, artifact.collectedAt, artifact.sha256, artifact.contentSha256, artifact.recordCount, artifact.envelope, expiresAt],
    );
  }

  async publishRun(runId: string, outcome: Outcome): Promise<void> {
    // Serialised (and scrubbed) before the transaction: a summary that cannot be stored changes nothing.
    const summary = await this.summaryJson(runId, outcome.summary);
    await this.db.transaction(async (client) => {
      if (outcome.status !== 'failed') {
        // One sequence number for the whole run; a version is current while its number is its type's highest.
        await client.query(`UPDATE artifacts SET published = true, published_seq = (SELECT nextval('artifact_publish_seq')) WHERE run_id = $1 AND NOT published`, [runId]);
      }
      await client.query('UPDATE runs SET status = $1, finished_at = $2, summary_json = $3 WHERE id = $4', [outcome.status, outcome.finishedAt, summary, runId]);
    });
  }

  async currentArtifacts(connectionId: string): Promise<StoredArtifact[]> {
    return this.db.query<StoredArtifact>(
      `SELECT DISTINCT ON (type) ${ARTIFACT_COLUMNS} FROM artifacts
       WHERE connection_id = $1 AND published ORDER BY type, published_seq DESC`,
      [connectionId],
    );
  }

  async getArtifact(id: string): Promise<StoredArtifact | undefined> {
    return (await this.db.query<StoredArtifact>(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE id = $1`, [id]))[0];
  }

  async artifactVersions(connectionId: string, type: string): Promise<StoredArtifact[]> {
    return this.db.query<StoredArtifact>(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE connection_id = $1 AND type = $2 AND published ORDER BY published_seq DESC`, [connectionId, type]);
  }

  async runArtifacts(runId: string): Promise<StoredArtifact[]> {
    return this.db.query<StoredArtifact>(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE run_id = $1 ORDER BY type`, [runId]);
  }

  // ---- Auditor web app: browsing published Artifacts and runs, web users, sessions and API keys ----

  async listArtifactVersions(filter: ArtifactVersionFilter = {}): Promise<ArtifactVersion[]> {
    return this.db.query<ArtifactVersion>(
      `SELECT * FROM (
         SELECT a.id, a.connection_id AS "connectionId", a.run_id AS "runId", a.type, a.collected_at AS "collectedAt", e.expires_at AS "expiresAt",
           a.sha256, a.content_sha256 AS "contentSha256", a.record_count AS "recordCount", a.published_seq AS "publishedSeq",
           a.published_seq = (SELECT max(b.published_seq) FROM artifacts b WHERE b.connection_id = a.connection_id AND b.type = a.type AND b.published) AS current,
           e.envelope_json AS envelope
         FROM artifacts a JOIN artifact_envelopes e ON e.artifact_id = a.id
         WHERE a.published
           AND ($1::text[] IS NULL OR a.id = ANY($1::text[]))
           AND ($2::text IS NULL OR a.connection_id = $2)
           AND ($3::text[] IS NULL OR a.type = ANY($3::text[]))
           AND ($4::text IS NULL OR a.collected_at <= $4)
           AND ($5::text IS NULL OR e.expires_at >= $5)
       ) v WHERE (NOT $6::boolean OR current)
       ORDER BY type, "connectionId", "publishedSeq" DESC
       LIMIT $7`,
      [filter.ids ?? null, filter.connectionId ?? null, filter.types ?? null, filter.validTo ?? null, filter.validFrom ?? null, filter.currentOnly ?? false, filter.limit ?? null],
    );
  }

  async findRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const rows = await this.db.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs
       WHERE ($1::text IS NULL OR connection_id = $1)
         AND ($2::text IS NULL OR started_at >= $2)
         AND ($3::text IS NULL OR started_at <= $3)
       ORDER BY started_at DESC LIMIT $4`,
      [filter.connectionId ?? null, filter.startedFrom ?? null, filter.startedTo ?? null, filter.limit ?? null],
    );
    return rows.map(toRun);
  }

  async createWebUser(user: NewWebUser): Promise<WebUser> {
    const [created] = await this.db.query<WebUser>(
      `INSERT INTO web_users (id, username, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${WEB_USER_COLUMNS}`,
      [randomUUID(), user.username.toLowerCase(), user.passwordHash, user.role, new Date().toISOString()],
    );
    return created!;
  }

  async getWebUser(id: string): Promise<WebUser | undefined> {
    return (await this.db.query<WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users WHERE id = $1`, [id]))[0];
  }

  async findWebUserCredentials(username: string): Promise<WebUserCredentials | undefined> {
    return (await this.db.query<WebUserCredentials>(`SELECT ${WEB_USER_COLUMNS}, password_hash AS "passwordHash" FROM web_users WHERE username = $1`, [username.toLowerCase()]))[0];
  }

  async listWebUsers(): Promise<WebUser[]> {
    return this.db.query<WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users ORDER BY username`);
  }

  async createWebSession(session: WebSession): Promise<void> {
    await this.db.query('INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      session.idHash,
      session.userId,
      session.csrfToken,
      session.createdAt,
      session.expiresAt,
    ]);
  }

  async getWebSession(idHash: string, now: string): Promise<{ session: WebSession; user: WebUser } | undefined> {
    const [row] = await this.db.query<WebSession & { user: WebUser }>(
      `SELECT s.id_hash AS "idHash", s.user_id AS "userId", s.csrf_token AS "csrfToken", s.created_at AS "createdAt", s.expires_at AS "expiresAt",
         json_build_object('id', u.id, 'username', u.username, 'role', u.role, 'createdAt', u.created_at) AS "user"
       FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2`,
      [idHash, now],
    );
    if (!row) return undefined;
    const { user, ...session } = row;
    return { session, user };
  }

  async deleteWebSession(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM web_sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteExpiredWebSessions(now: string): Promise<void> {
    await this.db.query('DELETE FROM web_sessions WHERE expires_at <= $1', [now]);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    return (await this.db.query<ApiKeyRecord>(INSERT_API_KEY, apiKeyValues(key)))[0]!;
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    return (await this.db.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id]))[0];
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return (await this.db.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_hash = $1`, [keyHash]))[0];
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.db.query<ApiKeyRecord>(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id`);
  }

  async rotateApiKey(id: string, replacement: NewApiKey, previousExpiresAt: string): Promise<ApiKeyRecord> {
    return this.db.transaction(async (client) => {
      const created = (await client.query<ApiKeyRecord>(INSERT_API_KEY, apiKeyValues(replacement))).rows[0]!;
      await client.query('UPDATE api_keys SET expires_at = $1, replaced_by = $2 WHERE id = $3', [previousExpiresAt, replacement.id, id]);
      return created;
    });
  }

  async revokeApiKey(id: string, at: string): Promise<void> {
    await this.db.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.db.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

const INSERT_API_KEY = `INSERT INTO api_keys (id, name, key_hash, scope, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${API_KEY_COLUMNS}`;

function apiKeyValues(key: NewApiKey): unknown[] {
  return [key.id, key.name, key.keyHash, key.scope, key.createdBy, key.createdAt];
}

function parseNullable(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}
