import type Database from 'better-sqlite3';

/** Versioned schema changes, applied in order; PRAGMA user_version records the last one applied. */
const MIGRATIONS: string[] = [
  `CREATE TABLE connections (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     base_url TEXT NOT NULL,
     region TEXT,
     app TEXT,
     token_ciphertext BLOB NOT NULL,
     token_fingerprint TEXT NOT NULL,
     freshness_hours INTEGER NOT NULL,
     status TEXT NOT NULL DEFAULT 'ok',
     status_reason TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     connection_id TEXT NOT NULL REFERENCES connections(id),
     workflow_id TEXT NOT NULL,
     status TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     summary_json TEXT
   );
   CREATE INDEX runs_by_connection ON runs(connection_id, started_at);
   CREATE TABLE raw_pages (
     run_id TEXT NOT NULL REFERENCES runs(id),
     source TEXT NOT NULL,
     page_index INTEGER NOT NULL,
     row_count INTEGER NOT NULL,
     rows_json TEXT NOT NULL,
     next_cursor_json TEXT,
     fetched_at TEXT NOT NULL,
     PRIMARY KEY (run_id, source, page_index)
   );
   CREATE TABLE artifacts (
     id TEXT PRIMARY KEY,
     connection_id TEXT NOT NULL REFERENCES connections(id),
     run_id TEXT NOT NULL REFERENCES runs(id),
     type TEXT NOT NULL,
     collected_at TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     content_sha256 TEXT NOT NULL,
     record_count INTEGER NOT NULL,
     published INTEGER NOT NULL DEFAULT 0,
     published_seq INTEGER,
     document_json TEXT NOT NULL
   );
   CREATE INDEX artifacts_current ON artifacts(connection_id, type, published, published_seq);
   CREATE INDEX artifacts_by_run ON artifacts(run_id);`,
  // 2: the auditor web app. Web users, their sessions (only a hash of the session id is kept), API keys (only a hash
  // of the key), and each published Artifact's envelope (the document without its records), derived once so that
  // listing and period queries never parse a large document again.
  `CREATE TABLE web_users (
     id TEXT PRIMARY KEY,
     username TEXT NOT NULL UNIQUE,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'auditor')),
     created_at TEXT NOT NULL
   );
   CREATE TABLE web_sessions (
     id_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
     csrf_token TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE INDEX web_sessions_by_expiry ON web_sessions(expires_at);
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     key_hash TEXT NOT NULL UNIQUE,
     scope TEXT NOT NULL CHECK (scope IN ('read', 'admin')),
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT,
     revoked_at TEXT,
     replaced_by TEXT,
     last_used_at TEXT
   );
   CREATE TABLE artifact_envelopes (
     artifact_id TEXT PRIMARY KEY REFERENCES artifacts(id),
     expires_at TEXT NOT NULL,
     envelope_json TEXT NOT NULL
   );`,
  // 3: records leave the Artifact document for a table of their own, so an Artifact of any size is built, hashed and
  // exported a batch at a time. They are written in sorted runs (consecutive rowids, no index to maintain) and read
  // back merged. Records of earlier Artifacts move over as one run each, in their document order.
  `CREATE TABLE artifact_records (
     artifact_id TEXT NOT NULL,
     run INTEGER NOT NULL,
     sort_key TEXT NOT NULL,
     tie TEXT NOT NULL,
     body TEXT NOT NULL
   );
   CREATE TABLE artifact_record_runs (
     artifact_id TEXT NOT NULL,
     run INTEGER NOT NULL,
     first_rowid INTEGER NOT NULL,
     last_rowid INTEGER NOT NULL,
     PRIMARY KEY (artifact_id, run)
   );
   INSERT INTO artifact_records (artifact_id, run, sort_key, tie, body)
     SELECT a.id, 0, printf('%012d', r.key), '', r.value FROM artifacts a, json_each(a.document_json, '$.records') r ORDER BY a.id, r.key;
   INSERT INTO artifact_record_runs (artifact_id, run, first_rowid, last_rowid)
     SELECT artifact_id, 0, MIN(rowid), MAX(rowid) FROM artifact_records GROUP BY artifact_id;
   UPDATE artifacts SET document_json = json_remove(document_json, '$.records');
   ALTER TABLE artifacts RENAME COLUMN document_json TO envelope_json;`,
  // 4: accounts can be revoked. A disabled user keeps their row (and name) but cannot sign in; their sessions and the
  // API keys made on their authority stop. Keys made before this migration have no recorded creator (NULL).
  `ALTER TABLE web_users ADD COLUMN disabled_at TEXT;
   ALTER TABLE api_keys ADD COLUMN created_by_user_id TEXT;`,
  // 5: failed sign-ins per throttle key (a user name at an address, an address), shared by every web process.
  `CREATE TABLE sign_in_failures (
     key TEXT PRIMARY KEY,
     failures INTEGER NOT NULL,
     last_failure_at TEXT NOT NULL
   );
   CREATE INDEX sign_in_failures_by_last ON sign_in_failures(last_failure_at);`,
  // 6: time-boxed access. A user may have an access expiry, after which they are refused as a disabled user is; admins
  // invite auditors with one-time links (only the token's hash is kept) that make such an account.
  `ALTER TABLE web_users ADD COLUMN expires_at TEXT;
   CREATE TABLE web_invitations (
     id TEXT PRIMARY KEY,
     token_hash TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL,
     access_expires_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     note TEXT,
     created_by TEXT NOT NULL,
     created_by_user_id TEXT,
     created_at TEXT NOT NULL,
     used_at TEXT,
     used_by_user_id TEXT,
     revoked_at TEXT
   );`,
  // 7: admins' exceptions for a device (one check, or every check when check_type is NULL), each with a justification,
  // an approver and a last day. Never deleted: revoking records when and by whom, so a past build's set stays known.
  `CREATE TABLE device_exceptions (
     id TEXT PRIMARY KEY,
     connection_id TEXT NOT NULL REFERENCES connections(id),
     device_id TEXT NOT NULL,
     check_type TEXT,
     justification TEXT NOT NULL,
     approver TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_on TEXT NOT NULL,
     revoked_at TEXT,
     revoked_by TEXT
   );
   CREATE INDEX device_exceptions_by_connection ON device_exceptions(connection_id, created_at);`,
  // 8: API keys made before accounts could be revoked name their maker only by user name (created_by). Each is tied to
  // the account of that name, where one exists, so that disabling or deleting that user stops the key too.
  `UPDATE api_keys SET created_by_user_id = (SELECT u.id FROM web_users u WHERE u.username = api_keys.created_by)
   WHERE created_by_user_id IS NULL;`,
  // 9: the HTTP API's sync and webhooks. Each published Artifact records when it was published (earlier ones: when
  // their run finished). Events go to an outbox in the transaction that makes them true; each webhook fans out the
  // events after its cursor into deliveries, whose every attempt is recorded. Secrets are encrypted like tokens.
  `ALTER TABLE artifacts ADD COLUMN published_at TEXT;
   UPDATE artifacts SET published_at = (SELECT finished_at FROM runs WHERE runs.id = artifacts.run_id) WHERE published = 1;
   CREATE INDEX artifacts_by_publication ON artifacts(published_seq, id);
   CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL,
     created_at TEXT NOT NULL,
     data_json TEXT NOT NULL
   );
   CREATE TABLE webhooks (
     id TEXT PRIMARY KEY,
     url TEXT NOT NULL,
     events_json TEXT NOT NULL,
     secret_ciphertext BLOB NOT NULL,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     event_cursor INTEGER NOT NULL
   );
   CREATE TABLE webhook_deliveries (
     id TEXT PRIMARY KEY,
     webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
     event_seq INTEGER NOT NULL REFERENCES events(seq),
     status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_status_code INTEGER,
     last_error TEXT,
     last_attempt_at TEXT,
     next_attempt_at TEXT,
     created_at TEXT NOT NULL,
     delivered_at TEXT,
     UNIQUE (webhook_id, event_seq)
   );
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);`,
  // 10: a connection can be deleted. Its row stays (with its name, which stays taken) so that its runs and Artifacts keep
  // naming it; deleting marks it and empties its token ciphertext.
  `ALTER TABLE connections ADD COLUMN deleted_at TEXT;
   ALTER TABLE connections ADD COLUMN deleted_by TEXT;`,
];

/**
 * Brings the schema up to date. Each step reads the version inside an IMMEDIATE transaction (the write lock taken first),
 * so processes starting together on a fresh file wait for each other and apply each migration once.
 */
export function migrate(db: Database.Database): void {
  const step = db.transaction((): boolean => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`The store was written by a newer iru-evidence (schema ${current}, this version knows ${MIGRATIONS.length})`);
    }
    if (current === MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[current]!);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  if ((db.pragma('user_version', { simple: true }) as number) === MIGRATIONS.length) return;
  while (step.immediate());
}
