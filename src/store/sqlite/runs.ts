import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { PAGE_COLUMNS, parseNullable, RUN_COLUMNS, toPage, toRun, type PageRow, type RunRow } from '../columns.js';
import type { RunStore, SourcePageCount, StoredPage } from '../types.js';

export function sqliteRuns(db: Database.Database): RunStore {
  const runs: RunStore = {
    async startRun(run) {
      db.prepare(`INSERT INTO runs (id, connection_id, workflow_id, status, started_at) VALUES (?, ?, ?, 'running', ?) ON CONFLICT(id) DO NOTHING`).run(
        run.id,
        run.connectionId,
        run.workflowId,
        run.startedAt,
      );
      return (await runs.getRun(run.id))!;
    },

    async getRun(runId) {
      const row = db.prepare<[string], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(runId);
      return row && toRun(row);
    },

    async listRuns(connectionId, limit = 50) {
      return db
        .prepare<[string, number], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE connection_id = ? ORDER BY started_at DESC LIMIT ?`)
        .all(connectionId, limit)
        .map(toRun);
    },

    async findRuns(filter = {}) {
      return db
        .prepare<Record<string, unknown>, RunRow>(
          `SELECT ${RUN_COLUMNS} FROM runs
           WHERE (@connectionId IS NULL OR connection_id = @connectionId)
             AND (@startedFrom IS NULL OR started_at >= @startedFrom)
             AND (@startedTo IS NULL OR started_at <= @startedTo)
             AND (@updatedSince IS NULL OR started_at >= @updatedSince OR finished_at >= @updatedSince)
             AND (@beforeStartedAt IS NULL OR started_at < @beforeStartedAt OR (started_at = @beforeStartedAt AND id < @beforeId))
           ORDER BY started_at DESC, id DESC LIMIT @limit`,
        )
        .all({
          connectionId: filter.connectionId ?? null,
          startedFrom: filter.startedFrom ?? null,
          startedTo: filter.startedTo ?? null,
          updatedSince: filter.updatedSince ?? null,
          beforeStartedAt: filter.before?.startedAt ?? null,
          beforeId: filter.before?.id ?? null,
          limit: filter.limit ?? -1,
        })
        .map(toRun);
    },

    async putPage(page) {
      db.prepare(
        `INSERT INTO raw_pages (run_id, source, page_index, row_count, rows_json, next_cursor_json, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(run_id, source, page_index) DO UPDATE SET row_count = excluded.row_count, rows_json = excluded.rows_json,
           next_cursor_json = excluded.next_cursor_json, fetched_at = excluded.fetched_at`,
      ).run(page.runId, page.source, page.pageIndex, page.rows.length, JSON.stringify(page.rows), JSON.stringify(page.next ?? null), page.fetchedAt);
    },

    async truncatePages(runId, source, fromPageIndex) {
      db.prepare('DELETE FROM raw_pages WHERE run_id = ? AND source = ? AND page_index >= ?').run(runId, source, fromPageIndex);
    },

    /**
     * Reads are synchronous, so each page is followed by a turn of the event loop: a build reading a million rows
     * would otherwise stall the worker's collection, heartbeats and GC tasks until it ends.
     */
    async *pages<Row = unknown>(runId: string, source: string): AsyncIterable<StoredPage<Row>> {
      const statement = db.prepare<[string, string, number], PageRow>(
        `SELECT ${PAGE_COLUMNS} FROM raw_pages WHERE run_id = ? AND source = ? AND page_index >= ? ORDER BY page_index LIMIT 1`,
      );
      for (let next = 0; ;) {
        const row = statement.get(runId, source, next);
        if (!row) return;
        yield toPage<Row>(runId, source, row);
        next = row.pageIndex + 1;
        await yieldToEventLoop();
      }
    },

    async sourceProgress(runId, source) {
      const row = db
        .prepare<[string, string], { pages: number; rows: number | null; first: string | null; last: string | null }>(
          'SELECT COUNT(*) AS pages, SUM(row_count) AS rows, MIN(fetched_at) AS first, MAX(fetched_at) AS last FROM raw_pages WHERE run_id = ? AND source = ?',
        )
        .get(runId, source)!;
      const last = db
        .prepare<[string, string], { nextJson: string | null }>(
          'SELECT next_cursor_json AS "nextJson" FROM raw_pages WHERE run_id = ? AND source = ? ORDER BY page_index DESC LIMIT 1',
        )
        .get(runId, source);
      return {
        pages: row.pages,
        rows: row.rows ?? 0,
        firstFetchedAt: row.first,
        lastFetchedAt: row.last,
        resumeFrom: last ? parseNullable(last.nextJson) : undefined,
      };
    },

    async pageCounts(runId) {
      return db
        .prepare<[string], SourcePageCount>(
          'SELECT source, COUNT(*) AS pages, SUM(row_count) AS rows FROM raw_pages WHERE run_id = ? GROUP BY source ORDER BY source',
        )
        .all(runId);
    },

    async pruneRawPages(connectionId, finishedBefore, keepRunId) {
      return db
        .prepare("DELETE FROM raw_pages WHERE run_id IN (SELECT id FROM runs WHERE connection_id = ? AND status <> 'running' AND finished_at < ? AND id <> ?)")
        .run(connectionId, finishedBefore, keepRunId).changes;
    },
  };
  return runs;
}
