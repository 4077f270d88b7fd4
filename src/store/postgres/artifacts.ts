import { ARTIFACT_COLUMNS, ARTIFACT_VERSION_COLUMNS, toArtifact, toArtifactVersion, type ArtifactRow, type ArtifactVersionRow } from '../columns.js';
import { storableSummary } from '../run-summary.js';
import type { ArtifactStore, ConnectionStore, StoredRecord } from '../types.js';
import type { Database } from './database.js';
import { insertEvents, PUBLICATION_LOCK } from './events.js';

/** Equal (sortKey, tie) pairs share a row, counted by `copies`. */
type RecordRow = StoredRecord & { copies: number };

/** Records read per query: memory stays bounded by a page and no connection is held between pages. */
const RECORDS_PER_READ = 500;

export function postgresArtifacts(db: Database, connections: Pick<ConnectionStore, 'readToken'>): ArtifactStore {
  return {
    /**
     * One statement per batch. PostgreSQL refuses an upsert that touches a row twice, so equal (sortKey, tie) pairs are
     * folded into one row with their count first; as in SQLite, the first body of equal pairs is the one kept.
     */
    async putArtifactRecords(artifactId, records) {
      if (records.length === 0) return;
      const folded = new Map<string, { record: StoredRecord; copies: number }>();
      for (const record of records) {
        const key = `${record.sortKey}\u0000${record.tie}`; // text holds no NUL: the pair is unambiguous
        const seen = folded.get(key);
        if (seen) seen.copies++;
        else folded.set(key, { record, copies: 1 });
      }
      const rows = [...folded.values()];
      await db.query(
        `INSERT INTO artifact_records (artifact_id, sort_key, tie, copies, body)
         SELECT $1, sort_key, tie, copies, body FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[]) AS r(sort_key, tie, copies, body)
         ON CONFLICT (artifact_id, sort_key, tie) DO UPDATE SET copies = artifact_records.copies + EXCLUDED.copies`,
        [artifactId, rows.map((r) => r.record.sortKey), rows.map((r) => r.record.tie), rows.map((r) => r.copies), rows.map((r) => r.record.body)],
      );
    },

    async deleteArtifactRecords(artifactId) {
      await db.query('DELETE FROM artifact_records WHERE artifact_id = $1', [artifactId]);
    },

    /** In byte order of (sort_key, tie), as SQLite orders them: keyset pages, every comparison in the "C" collation. */
    async *artifactRecords(artifactId) {
      let page = await db.query<RecordRow>(
        `SELECT sort_key AS "sortKey", tie, copies, body FROM artifact_records WHERE artifact_id = $1
         ORDER BY sort_key COLLATE "C", tie COLLATE "C" LIMIT $2`,
        [artifactId, RECORDS_PER_READ],
      );
      while (page.length > 0) {
        for (const row of page) for (let copy = 0; copy < row.copies; copy++) yield row.body;
        if (page.length < RECORDS_PER_READ) return;
        const last = page.at(-1)!;
        page = await db.query<RecordRow>(
          `SELECT sort_key AS "sortKey", tie, copies, body FROM artifact_records
           WHERE artifact_id = $1 AND (sort_key COLLATE "C", tie COLLATE "C") > ($2::text COLLATE "C", $3::text COLLATE "C")
           ORDER BY sort_key COLLATE "C", tie COLLATE "C" LIMIT $4`,
          [artifactId, last.sortKey, last.tie, RECORDS_PER_READ],
        );
      }
    },

    /**
     * Adds the version and, for listings, its expiry and envelope in one statement. The expiry is read here, in
     * JavaScript, because PostgreSQL's JSON functions reject escapes that JSON.stringify may write (\u0000).
     */
    async putArtifact(artifact) {
      const { expiresAt } = JSON.parse(artifact.envelope) as { expiresAt: string };
      await db.query(
        `WITH added AS (
           INSERT INTO artifacts (id, connection_id, run_id, type, collected_at, sha256, content_sha256, record_count, envelope_json)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id)
         INSERT INTO artifact_envelopes (artifact_id, expires_at, envelope_json) SELECT id, $10, $9 FROM added`,
        [
          artifact.id,
          artifact.connectionId,
          artifact.runId,
          artifact.type,
          artifact.collectedAt,
          artifact.sha256,
          artifact.contentSha256,
          artifact.recordCount,
          artifact.envelope,
          expiresAt,
        ],
      );
    },

    async publishRun(runId, outcome, events = []) {
      // Serialised (and scrubbed) before the transaction: a summary that cannot be stored changes nothing.
      const [run] = await db.query<{ connectionId: string }>('SELECT connection_id AS "connectionId" FROM runs WHERE id = $1', [runId]);
      const token = run ? await connections.readToken(run.connectionId).catch(() => undefined) : undefined;
      const summary = storableSummary(outcome.summary, token);
      await db.transaction(async (client) => {
        // Publications take turns, so sequence numbers (of Artifacts and events) become visible in their order: a
        // reader that has seen number n never sees a smaller one appear later (sync cursors and webhook fan-out rely on it).
        await client.query('SELECT pg_advisory_xact_lock($1)', [PUBLICATION_LOCK]);
        if (outcome.status !== 'failed') {
          // One sequence number for the whole run; a version is current while its number is its type's highest.
          await client.query(
            `UPDATE artifacts SET published = true, published_seq = (SELECT nextval('artifact_publish_seq')), published_at = $2
             WHERE run_id = $1 AND NOT published`,
            [runId, new Date().toISOString()],
          );
        }
        await client.query('UPDATE runs SET status = $1, finished_at = $2, summary_json = $3 WHERE id = $4', [
          outcome.status,
          outcome.finishedAt,
          summary,
          runId,
        ]);
        await insertEvents(client, events);
      });
    },

    async currentArtifacts(connectionId) {
      const rows = await db.query<ArtifactRow>(
        `SELECT DISTINCT ON (type) ${ARTIFACT_COLUMNS} FROM artifacts
         WHERE connection_id = $1 AND published ORDER BY type, published_seq DESC`,
        [connectionId],
      );
      return rows.map(toArtifact);
    },

    async getArtifact(id) {
      return (await db.query<ArtifactRow>(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE id = $1`, [id])).map(toArtifact)[0];
    },

    async runArtifacts(runId) {
      return (await db.query<ArtifactRow>(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE run_id = $1 ORDER BY type`, [runId])).map(toArtifact);
    },

    async listArtifactVersions(filter = {}) {
      const rows = await db.query<ArtifactVersionRow>(
        `SELECT * FROM (
           SELECT ${ARTIFACT_VERSION_COLUMNS},
             a.published_seq = (SELECT max(b.published_seq) FROM artifacts b WHERE b.connection_id = a.connection_id AND b.type = a.type AND b.published)
               AS current
           FROM artifacts a JOIN artifact_envelopes e ON e.artifact_id = a.id
           WHERE a.published
             AND ($1::text[] IS NULL OR a.id = ANY($1::text[]))
             AND ($2::text IS NULL OR a.connection_id = $2)
             AND ($3::text[] IS NULL OR a.type = ANY($3::text[]))
             AND ($4::text IS NULL OR a.collected_at <= $4)
             AND ($5::text IS NULL OR e.expires_at >= $5)
             AND ($8::text IS NULL OR a.published_at >= $8)
             AND ($9::integer IS NULL OR a.published_seq > $9 OR (a.published_seq = $9 AND a.id COLLATE "C" > $10))
         ) v WHERE (NOT $6::boolean OR current)
         ORDER BY ${filter.inPublicationOrder ? '"publishedSeq", id COLLATE "C"' : 'type, "connectionId", "publishedSeq" DESC'}
         LIMIT $7`,
        [
          filter.ids ?? null,
          filter.connectionId ?? null,
          filter.types ?? null,
          filter.validTo ?? null,
          filter.validFrom ?? null,
          filter.currentOnly ?? false,
          filter.limit ?? null,
          filter.publishedSince ?? null,
          filter.after?.publishedSeq ?? null,
          filter.after?.id ?? null,
        ],
      );
      return rows.map(toArtifactVersion);
    },
  };
}
