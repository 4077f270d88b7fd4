import type pg from 'pg';

/**
 * Versioned schema changes, applied in order; `schema_migrations` records each one applied. Timestamps are ISO 8601
 * text, compared and sorted as text, and every column that is sorted or compared uses the "C" collation, so results
 * order exactly as in SQLite whatever the database's locale. Documents are text: the exact bytes that were hashed.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE connections (
     id text PRIMARY KEY,
     name text COLLATE "C" NOT NULL UNIQUE,
     base_url text NOT NULL,
     region text,
     app text,
     token_ciphertext bytea NOT NULL,
     token_fingerprint text NOT NULL,
     freshness_hours integer NOT NULL,
     status text NOT NULL DEFAULT 'ok',
     status_reason text,
     created_at text COLLATE "C" NOT NULL,
     updated_at text COLLATE "C" NOT NULL
   );
   CREATE TABLE runs (
     id text PRIMARY KEY,
     connection_id text COLLATE "C" NOT NULL REFERENCES connections(id),
     workflow_id text NOT NULL,
     status text NOT NULL,
     started_at text COLLATE "C" NOT NULL,
     finished_at text COLLATE "C",
     summary_json text
   );
   CREATE INDEX runs_by_connection ON runs (connection_id, started_at);
   CREATE INDEX runs_by_start ON runs (started_at);
   CREATE TABLE raw_pages (
     run_id text NOT NULL REFERENCES runs(id),
     source text NOT NULL,
     page_index integer NOT NULL,
     row_count integer NOT NULL,
     rows_json text NOT NULL,
     next_cursor_json text,
     fetched_at text COLLATE "C" NOT NULL,
     PRIMARY KEY (run_id, source, page_index)
   );
   CREATE SEQUENCE artifact_publish_seq AS integer;
   CREATE TABLE artifacts (
     id text COLLATE "C" PRIMARY KEY,
     connection_id text COLLATE "C" NOT NULL REFERENCES connections(id),
     run_id text NOT NULL REFERENCES runs(id),
     type text COLLATE "C" NOT NULL,
     collected_at text COLLATE "C" NOT NULL,
     sha256 text NOT NULL,
     content_sha256 text NOT NULL,
     record_count integer NOT NULL,
     published boolean NOT NULL DEFAULT false,
     published_seq integer,
     document_json text NOT NULL
   );
   CREATE INDEX artifacts_current ON artifacts (connection_id, type, published_seq) WHERE published;
   CREATE INDEX artifacts_by_run ON artifacts (run_id);
   CREATE TABLE artifact_envelopes (
     artifact_id text PRIMARY KEY REFERENCES artifacts(id),
     expires_at text COLLATE "C" NOT NULL,
     envelope_json text NOT NULL
   );
   CREATE TABLE web_users (
     id text PRIMARY KEY,
     username text COLLATE "C" NOT NULL UNIQUE,
     password_hash text NOT NULL,
     role text NOT NULL CHECK (role IN ('admin', 'auditor')),
     created_at text COLLATE "C" NOT NULL
   );
   CREATE TABLE web_sessions (
     id_hash text PRIMARY KEY,
     user_id text NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
     csrf_token text NOT NULL,
     created_at text COLLATE "C" NOT NULL,
     expires_at text COLLATE "C" NOT NULL
   );
   CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);
   CREATE TABLE api_keys (
     id text COLLATE "C" PRIMARY KEY,
     name text NOT NULL,
     key_hash text NOT NULL UNIQUE,
     scope text NOT NULL CHECK (scope IN ('read', 'admin')),
     created_by text NOT NULL,
     created_at text COLLATE "C" NOT NULL,
     expires_at text COLLATE "C",
     revoked_at text COLLATE "C",
     replaced_by text,
     last_used_at text
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any constant: the advisory lock every opening store takes while it checks and applies migrations. */
const MIGRATION_LOCK = 0x1e_e71d;

/**
 * Brings the schema up to date in one transaction. Workers opening at once queue on a transaction-scoped advisory lock,
 * so exactly one applies each migration and the others find it applied.
 */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(`The store was written by a newer iru-evidence (schema ${current}, this version knows ${MIGRATIONS.length})`);
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version]!);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
