import type pg from 'pg';

/**
 * Versioned schema changes, applied in order; `schema_migrations` records each one applied. Timestamps are ISO 8601
 * text, compared and sorted as text, and every column that is sorted or compared uses the "C" collation, so results
 * order exactly as in SQLite whatever the database's locale. Envelopes and records are text, kept byte for byte.
 */
const MIGRATIONS: Migration[] = [
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
  // 2: records leave the Artifact document for a table of their own, so an Artifact of any size is built, hashed and
  // exported a batch at a time. As in SQLite, equal (sort_key, tie) pairs share a row counted by `copies`, and the
  // order is byte order ("C"). Records of earlier Artifacts move over in their document order.
  async (client) => {
    await client.query(
      `CREATE TABLE artifact_records (
         artifact_id text COLLATE "C" NOT NULL,
         sort_key text COLLATE "C" NOT NULL,
         tie text COLLATE "C" NOT NULL,
         copies integer NOT NULL DEFAULT 1,
         body text NOT NULL,
         CONSTRAINT artifact_records_order PRIMARY KEY (artifact_id, sort_key, tie)
       );
       ALTER TABLE artifacts RENAME COLUMN document_json TO envelope_json;`,
    );
    await moveLegacyRecords(client);
  },
  // 3: accounts can be revoked. A disabled user keeps their row (and name) but cannot sign in; their sessions and the
  // API keys made on their authority stop. Keys made before this migration have no recorded creator (NULL).
  `ALTER TABLE web_users ADD COLUMN disabled_at text COLLATE "C";
   ALTER TABLE api_keys ADD COLUMN created_by_user_id text;`,
  // 4: failed sign-ins per throttle key (a user name at an address, an address), shared by every web process.
  `CREATE TABLE sign_in_failures (
     key text COLLATE "C" PRIMARY KEY,
     failures integer NOT NULL,
     last_failure_at text COLLATE "C" NOT NULL
   );
   CREATE INDEX sign_in_failures_by_last ON sign_in_failures (last_failure_at);`,
  // 5: time-boxed access. A user may have an access expiry, after which they are refused as a disabled user is; admins
  // invite auditors with one-time links (only the token's hash is kept) that make such an account.
  `ALTER TABLE web_users ADD COLUMN expires_at text COLLATE "C";
   CREATE TABLE web_invitations (
     id text COLLATE "C" PRIMARY KEY,
     token_hash text NOT NULL UNIQUE,
     role text NOT NULL CHECK (role IN ('admin', 'auditor')),
     access_expires_at text COLLATE "C" NOT NULL,
     expires_at text COLLATE "C" NOT NULL,
     note text,
     created_by text NOT NULL,
     created_by_user_id text,
     created_at text COLLATE "C" NOT NULL,
     used_at text COLLATE "C",
     used_by_user_id text,
     revoked_at text COLLATE "C"
   );`,
  // 6: admins' exceptions for a device (one check, or every check when check_type is NULL), each with a justification,
  // an approver and a last day. Never deleted: revoking records when and by whom, so a past build's set stays known.
  `CREATE TABLE device_exceptions (
     id text COLLATE "C" PRIMARY KEY,
     connection_id text COLLATE "C" NOT NULL REFERENCES connections(id),
     device_id text COLLATE "C" NOT NULL,
     check_type text COLLATE "C",
     justification text NOT NULL,
     approver text NOT NULL,
     created_at text COLLATE "C" NOT NULL,
     expires_on text COLLATE "C" NOT NULL,
     revoked_at text COLLATE "C",
     revoked_by text
   );
   CREATE INDEX device_exceptions_by_connection ON device_exceptions(connection_id, created_at);`,
  // 7: API keys made before accounts could be revoked name their maker only by user name (created_by). Each is tied to
  // the account of that name, where one exists, so that disabling or deleting that user stops the key too.
  `UPDATE api_keys SET created_by_user_id = (SELECT u.id FROM web_users u WHERE u.username = api_keys.created_by)
   WHERE created_by_user_id IS NULL;`,
  // 8: the HTTP API's sync and webhooks. Each published Artifact records when it was published (earlier ones: when
  // their run finished). Events go to an outbox in the transaction that makes them true; each webhook fans out the
  // events after its cursor into deliveries, whose every attempt is recorded. Secrets are encrypted like tokens.
  `ALTER TABLE artifacts ADD COLUMN published_at text COLLATE "C";
   UPDATE artifacts SET published_at = runs.finished_at FROM runs WHERE runs.id = artifacts.run_id AND artifacts.published;
   CREATE INDEX artifacts_by_publication ON artifacts (published_seq, id);
   CREATE TABLE events (
     seq serial PRIMARY KEY,
     id text COLLATE "C" NOT NULL UNIQUE,
     type text COLLATE "C" NOT NULL,
     created_at text COLLATE "C" NOT NULL,
     data_json text NOT NULL
   );
   CREATE TABLE webhooks (
     id text COLLATE "C" PRIMARY KEY,
     url text NOT NULL,
     events_json text NOT NULL,
     secret_ciphertext bytea NOT NULL,
     created_by text NOT NULL,
     created_at text COLLATE "C" NOT NULL,
     event_cursor integer NOT NULL
   );
   CREATE TABLE webhook_deliveries (
     id text COLLATE "C" PRIMARY KEY,
     webhook_id text COLLATE "C" NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
     event_seq integer NOT NULL REFERENCES events(seq),
     status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
     attempts integer NOT NULL DEFAULT 0,
     last_status_code integer,
     last_error text,
     last_attempt_at text COLLATE "C",
     next_attempt_at text COLLATE "C",
     created_at text COLLATE "C" NOT NULL,
     delivered_at text COLLATE "C",
     UNIQUE (webhook_id, event_seq)
   );
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);`,
  // 9: a connection can be deleted. Its row stays (with its name, which stays taken) so that its runs and Artifacts keep
  // naming it; deleting marks it and empties its token ciphertext.
  `ALTER TABLE connections ADD COLUMN deleted_at text COLLATE "C";
   ALTER TABLE connections ADD COLUMN deleted_by text;`,
];

/** A schema change: SQL, or work that needs more than SQL. Either runs inside the migration's transaction. */
type Migration = string | ((client: pg.ClientBase) => Promise<void>);

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any constant: the advisory lock every opening store takes while it checks and applies migrations. */
const MIGRATION_LOCK = 0x1e_e71d;

/**
 * Brings the schema up to date (or up to version `upTo`: tests build older schemas with it) in one transaction. Workers
 * opening at once queue on a transaction-scoped advisory lock, so exactly one applies each migration and the others
 * find it applied.
 */
export async function migrate(client: pg.ClientBase, upTo: number = MIGRATIONS.length): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(`The store was written by a newer iru-evidence (schema ${current}, this version knows ${MIGRATIONS.length})`);
    }
    for (let version = current; version < upTo; version++) {
      const migration = MIGRATIONS[version]!;
      await (typeof migration === 'string' ? client.query(migration) : migration(client));
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

const LEGACY_RECORDS_PER_INSERT = 1_000;

/**
 * Moves the records of Artifacts stored whole (their document in `envelope_json`) into `artifact_records`, in document
 * order under their index as sort key, and leaves the document without them: the envelope. One Artifact at a time. The
 * split is done here on the JSON text rather than with PostgreSQL's JSON functions, which reject escapes that
 * JSON.stringify writes inside records (\u0000), and it keeps each record's text as it was (as SQLite's json_each does).
 */
async function moveLegacyRecords(client: pg.ClientBase): Promise<void> {
  const { rows: artifacts } = await client.query<{ id: string }>('SELECT id FROM artifacts ORDER BY id');
  for (const { id } of artifacts) {
    const { rows } = await client.query<{ document: string }>('SELECT envelope_json AS document FROM artifacts WHERE id = $1', [id]);
    const split = splitLegacyDocument(rows[0]!.document, id);
    for (let from = 0; from < split.records.length; from += LEGACY_RECORDS_PER_INSERT) {
      const bodies = split.records.slice(from, from + LEGACY_RECORDS_PER_INSERT);
      await client.query(
        `INSERT INTO artifact_records (artifact_id, sort_key, tie, body)
         SELECT $1, lpad(($2::integer + n - 1)::text, 12, '0'), '', body FROM unnest($3::text[]) WITH ORDINALITY AS r(body, n)`,
        [id, from, bodies],
      );
    }
    await client.query('UPDATE artifacts SET envelope_json = $2 WHERE id = $1', [id, split.envelope]);
    await client.query('UPDATE artifact_envelopes SET envelope_json = $2 WHERE artifact_id = $1', [id, split.envelope]);
  }
}

// One JSON token: a string (escapes and all), a structural character, a number or literal, or a run of whitespace.
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\]:,]|[^ \t\n\r"{}[\]:,]+|[ \t\n\r]+/y;
const WHITESPACE_OUTSIDE_STRINGS = /("[^"\\]*(?:\\.[^"\\]*)*")|[ \t\n\r]+/g;

interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * Cuts the top-level `records` array out of a whole Artifact document (JSON text): each record's text in order, and
 * the document without its `records` member. Whitespace between tokens is dropped, as SQLite's JSON functions drop
 * it (JSON.stringify, which wrote these documents, writes none); everything else is kept as it is.
 */
export function splitLegacyDocument(document: string, label = 'an Artifact'): { envelope: string; records: string[] } {
  const fail = (why: string) => new Error(`Cannot move the records out of ${label}: ${why}`);
  let at = 0;
  const next = (): Token => {
    for (;;) {
      TOKEN.lastIndex = at;
      const match = TOKEN.exec(document);
      if (!match) throw fail(at >= document.length ? 'the document ends early' : `unexpected text at offset ${at}`);
      at = TOKEN.lastIndex;
      if (!/^[ \t\n\r]/.test(match[0])) return { text: match[0], start: match.index, end: at };
    }
  };
  const expect = (token: Token, text: string) => {
    if (token.text !== text) throw fail(`expected ${text} at offset ${token.start}`);
  };
  /** The end of the value that starts with `first`. */
  const skipValue = (first: Token): number => {
    if (first.text !== '{' && first.text !== '[') return first.end;
    for (let depth = 1; ;) {
      const token = next();
      if (token.text === '{' || token.text === '[') depth++;
      else if ((token.text === '}' || token.text === ']') && --depth === 0) return token.end;
    }
  };

  const records: string[] = [];
  const members: { start: number; end: number; records: boolean }[] = [];
  expect(next(), '{');
  for (let token = next(); token.text !== '}' || members.length > 0; token = next()) {
    if (!token.text.startsWith('"')) throw fail(`expected a key at offset ${token.start}`);
    const isRecords = !members.some((m) => m.records) && JSON.parse(token.text) === 'records';
    expect(next(), ':');
    const value = next();
    let end: number;
    if (isRecords) {
      if (value.text !== '[') throw fail('its records are not an array');
      let element = next();
      while (element.text !== ']') {
        records.push(minify(document.slice(element.start, skipValue(element))));
        const separator = next();
        if (separator.text === ']') break;
        expect(separator, ',');
        element = next();
      }
      end = at;
    } else {
      end = skipValue(value);
    }
    members.push({ start: token.start, end, records: isRecords });
    const separator = next();
    if (separator.text === '}') break;
    expect(separator, ',');
  }
  if (document.slice(at).trim() !== '') throw fail(`unexpected text after the document at offset ${at}`);

  const k = members.findIndex((m) => m.records);
  if (k < 0) return { envelope: minify(document), records };
  // The member goes with the comma before it, or else (first of several) with the comma after it.
  const [from, to] =
    k > 0 ? [members[k - 1]!.end, members[k]!.end] : members.length > 1 ? [members[0]!.start, members[1]!.start] : [members[0]!.start, members[0]!.end];
  return { envelope: minify(document.slice(0, from) + document.slice(to)), records };
}

/** JSON text without whitespace between tokens. */
function minify(json: string): string {
  if (!/[ \t\n\r]/.test(json)) return json;
  return json.replace(WHITESPACE_OUTSIDE_STRINGS, (_match, string: string | undefined) => string ?? '');
}
