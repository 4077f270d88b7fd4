import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { ARTIFACT_COLUMNS, ARTIFACT_VERSION_COLUMNS, toArtifact, toArtifactVersion, type ArtifactRow, type ArtifactVersionRow } from '../columns.js';
import { mergeSorted } from '../merge-sorted.js';
import { compareStoredRecords } from '../record-order.js';
import { storableSummary } from '../run-summary.js';
import { insertEvents } from './events.js';
import type { ArtifactStore, ConnectionStore, StoredRecord } from '../types.js';

const RECORDS_PER_READ = 500;
/** Records a merge of sorted runs holds at once, over all the runs (each holds its current read batch). */
const MERGE_BUFFER_RECORDS = 5_000;

/** One sorted batch of an Artifact's records, as put: rows `firstRowid` to `lastRowid`. */
interface RecordRun {
  run: number;
  firstRowid: number;
  lastRowid: number;
}

type RecordRow = StoredRecord & { rowid: number };

export function sqliteArtifacts(db: Database.Database, connections: Pick<ConnectionStore, 'readToken'>): ArtifactStore {
  const recordRuns = (artifactId: string) =>
    db
      .prepare<[string], RecordRun>(
        'SELECT run, first_rowid AS "firstRowid", last_rowid AS "lastRowid" FROM artifact_record_runs WHERE artifact_id = ? ORDER BY run',
      )
      .all(artifactId);

  /** One sorted run, read by rowid a batch at a time (no statement stays open between batches; the event loop turns between them). */
  async function* recordRun(artifactId: string, run: RecordRun, perRead: number): AsyncIterable<StoredRecord> {
    const batch = db.prepare<[number, number, string, number, number], RecordRow>(
      `SELECT rowid, sort_key AS "sortKey", tie, body FROM artifact_records
       WHERE rowid > ? AND rowid <= ? AND artifact_id = ? AND run = ? ORDER BY rowid LIMIT ?`,
    );
    for (let after = run.firstRowid - 1; after < run.lastRowid;) {
      const rows = batch.all(after, run.lastRowid, artifactId, run.run, perRead);
      if (rows.length === 0) return;
      for (const { sortKey, tie, body } of rows) yield { sortKey, tie, body };
      after = rows.at(-1)!.rowid;
      await yieldToEventLoop();
    }
  }

  /** Artifacts are immutable, so each published one's envelope is derived once (one parse of its document) and kept. */
  const deriveMissingEnvelopes = () => {
    const missing = db
      .prepare<[], { id: string }>(
        'SELECT a.id FROM artifacts a WHERE a.published = 1 AND NOT EXISTS (SELECT 1 FROM artifact_envelopes e WHERE e.artifact_id = a.id) LIMIT 1',
      )
      .get();
    if (!missing) return;
    db.exec(
      `INSERT OR IGNORE INTO artifact_envelopes (artifact_id, expires_at, envelope_json)
       SELECT id, json_extract(envelope, '$.expiresAt'), envelope FROM (
         SELECT a.id, a.envelope_json AS envelope FROM artifacts a
         WHERE a.published = 1 AND NOT EXISTS (SELECT 1 FROM artifact_envelopes e WHERE e.artifact_id = a.id))`,
    );
  };

  return {
    async putArtifactRecords(artifactId, records) {
      if (records.length === 0) return;
      const sorted = [...records].sort(compareStoredRecords);
      const insert = db.prepare('INSERT INTO artifact_records (artifact_id, run, sort_key, tie, body) VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        const run = db
          .prepare<[string], { run: number }>('SELECT COALESCE(MAX(run), -1) + 1 AS run FROM artifact_record_runs WHERE artifact_id = ?')
          .get(artifactId)!.run;
        let first: number | bigint | undefined;
        let last: number | bigint = 0;
        for (const record of sorted) {
          last = insert.run(artifactId, run, record.sortKey, record.tie, record.body).lastInsertRowid;
          first ??= last;
        }
        db.prepare('INSERT INTO artifact_record_runs (artifact_id, run, first_rowid, last_rowid) VALUES (?, ?, ?, ?)').run(artifactId, run, first!, last);
      })();
    },

    async deleteArtifactRecords(artifactId) {
      db.transaction(() => {
        for (const run of recordRuns(artifactId)) db.prepare('DELETE FROM artifact_records WHERE rowid BETWEEN ? AND ?').run(run.firstRowid, run.lastRowid);
        db.prepare('DELETE FROM artifact_record_runs WHERE artifact_id = ?').run(artifactId);
      })();
    },

    artifactRecords(artifactId) {
      const found = recordRuns(artifactId);
      // Every run holds a read batch in memory during the merge: smaller batches when there are many runs.
      const perRead = Math.max(64, Math.min(RECORDS_PER_READ, Math.floor(MERGE_BUFFER_RECORDS / Math.max(1, found.length))));
      const runs = found.map((run) => recordRun(artifactId, run, perRead));
      return mapAsync(mergeSorted(runs, compareStoredRecords), (record) => record.body);
    },

    async putArtifact(artifact) {
      db.prepare(
        `INSERT INTO artifacts (id, connection_id, run_id, type, collected_at, sha256, content_sha256, record_count, envelope_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
      ).run(
        artifact.id,
        artifact.connectionId,
        artifact.runId,
        artifact.type,
        artifact.collectedAt,
        artifact.sha256,
        artifact.contentSha256,
        artifact.recordCount,
        artifact.envelope,
      );
    },

    async publishRun(runId, outcome, events = []) {
      const run = db.prepare<[string], { connectionId: string }>('SELECT connection_id AS "connectionId" FROM runs WHERE id = ?').get(runId);
      const token = run ? await connections.readToken(run.connectionId).catch(() => undefined) : undefined;
      const summary = storableSummary(outcome.summary, token);
      db.transaction(() => {
        if (outcome.status !== 'failed') {
          const seq = (db.prepare<[], { seq: number | null }>('SELECT MAX(published_seq) AS seq FROM artifacts').get()?.seq ?? 0) + 1;
          db.prepare('UPDATE artifacts SET published = 1, published_seq = ?, published_at = ? WHERE run_id = ? AND published = 0').run(
            seq,
            new Date().toISOString(),
            runId,
          );
        }
        db.prepare('UPDATE runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?').run(outcome.status, outcome.finishedAt, summary, runId);
        insertEvents(db, events);
      }).immediate();
    },

    async currentArtifacts(connectionId) {
      return db
        .prepare<[string], ArtifactRow>(
          `SELECT ${ARTIFACT_COLUMNS} FROM artifacts a
           WHERE a.connection_id = ? AND a.published = 1
             AND a.published_seq = (SELECT MAX(b.published_seq) FROM artifacts b
                                    WHERE b.connection_id = a.connection_id AND b.type = a.type AND b.published = 1)
           ORDER BY a.type`,
        )
        .all(connectionId)
        .map(toArtifact);
    },

    async getArtifact(id) {
      const row = db.prepare<[string], ArtifactRow>(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE id = ?`).get(id);
      return row && toArtifact(row);
    },

    async runArtifacts(runId) {
      return db.prepare<[string], ArtifactRow>(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE run_id = ? ORDER BY type`).all(runId).map(toArtifact);
    },

    async listArtifactVersions(filter = {}) {
      deriveMissingEnvelopes();
      return db
        .prepare<Record<string, unknown>, ArtifactVersionRow>(
          `SELECT * FROM (
             SELECT ${ARTIFACT_VERSION_COLUMNS},
               a.published_seq = (SELECT MAX(b.published_seq) FROM artifacts b WHERE b.connection_id = a.connection_id AND b.type = a.type AND b.published = 1)
                 AS "current"
             FROM artifacts a JOIN artifact_envelopes e ON e.artifact_id = a.id
             WHERE a.published = 1
               AND (@ids IS NULL OR a.id IN (SELECT value FROM json_each(@ids)))
               AND (@connectionId IS NULL OR a.connection_id = @connectionId)
               AND (@types IS NULL OR a.type IN (SELECT value FROM json_each(@types)))
               AND (@validTo IS NULL OR a.collected_at <= @validTo)
               AND (@validFrom IS NULL OR e.expires_at >= @validFrom)
               AND (@publishedSince IS NULL OR a.published_at >= @publishedSince)
               AND (@afterSeq IS NULL OR a.published_seq > @afterSeq OR (a.published_seq = @afterSeq AND a.id > @afterId))
           ) WHERE (@currentOnly = 0 OR "current" = 1)
           ORDER BY ${filter.inPublicationOrder ? '"publishedSeq", id' : 'type, "connectionId", "publishedSeq" DESC'}
           LIMIT @limit`,
        )
        .all({
          ids: filter.ids ? JSON.stringify(filter.ids) : null,
          connectionId: filter.connectionId ?? null,
          types: filter.types ? JSON.stringify(filter.types) : null,
          validTo: filter.validTo ?? null,
          validFrom: filter.validFrom ?? null,
          currentOnly: filter.currentOnly ? 1 : 0,
          publishedSince: filter.publishedSince ?? null,
          afterSeq: filter.after?.publishedSeq ?? null,
          afterId: filter.after?.id ?? null,
          limit: filter.limit ?? -1,
        })
        .map(toArtifactVersion);
    },
  };
}

async function* mapAsync<T, U>(items: AsyncIterable<T>, map: (item: T) => U): AsyncIterable<U> {
  for await (const item of items) yield map(item);
}
