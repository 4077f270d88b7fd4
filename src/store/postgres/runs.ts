import { PAGE_COLUMNS, parseNullable, RUN_COLUMNS, toPage, toRun, type PageRow, type RunRow } from '../columns.js';
import type { RunStore, SourcePageCount, StoredPage } from '../types.js';
import type { Database } from './database.js';

export function postgresRuns(db: Database): RunStore {
  const runs: RunStore = {
    async startRun(run) {
      await db.query(`INSERT INTO runs (id, connection_id, workflow_id, status, started_at) VALUES ($1, $2, $3, 'running', $4) ON CONFLICT (id) DO NOTHING`, [
        run.id,
        run.connectionId,
        run.workflowId,
        run.startedAt,
      ]);
      return (await runs.getRun(run.id))!;
    },

    async getRun(runId) {
      return (await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [runId])).map(toRun)[0];
    },

    async listRuns(connectionId, limit = 50) {
      return (await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE connection_id = $1 ORDER BY started_at DESC LIMIT $2`, [connectionId, limit])).map(
        toRun,
      );
    },

    async findRuns(filter = {}) {
      const rows = await db.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs
         WHERE ($1::text IS NULL OR connection_id = $1)
           AND ($2::text IS NULL OR started_at >= $2)
           AND ($3::text IS NULL OR started_at <= $3)
           AND ($5::text IS NULL OR started_at >= $5 OR finished_at >= $5)
           AND ($6::text IS NULL OR started_at < $6 OR (started_at = $6 AND id COLLATE "C" < $7))
         ORDER BY started_at DESC, id COLLATE "C" DESC LIMIT $4`,
        [
          filter.connectionId ?? null,
          filter.startedFrom ?? null,
          filter.startedTo ?? null,
          filter.limit ?? null,
          filter.updatedSince ?? null,
          filter.before?.startedAt ?? null,
          filter.before?.id ?? null,
        ],
      );
      return rows.map(toRun);
    },

    async putPage(page) {
      await db.query(
        `INSERT INTO raw_pages (run_id, source, page_index, row_count, rows_json, next_cursor_json, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run_id, source, page_index) DO UPDATE SET row_count = excluded.row_count, rows_json = excluded.rows_json,
           next_cursor_json = excluded.next_cursor_json, fetched_at = excluded.fetched_at`,
        [page.runId, page.source, page.pageIndex, page.rows.length, JSON.stringify(page.rows), JSON.stringify(page.next ?? null), page.fetchedAt],
      );
    },

    async truncatePages(runId, source, fromPageIndex) {
      await db.query('DELETE FROM raw_pages WHERE run_id = $1 AND source = $2 AND page_index >= $3', [runId, source, fromPageIndex]);
    },

    /** One page per query, so memory stays bounded by a page and no connection is held between pages. */
    async *pages<Row = unknown>(runId: string, source: string): AsyncIterable<StoredPage<Row>> {
      for (let next = 0; ;) {
        const [row] = await db.query<PageRow>(
          `SELECT ${PAGE_COLUMNS} FROM raw_pages WHERE run_id = $1 AND source = $2 AND page_index >= $3 ORDER BY page_index LIMIT 1`,
          [runId, source, next],
        );
        if (!row) return;
        yield toPage<Row>(runId, source, row);
        next = row.pageIndex + 1;
      }
    },

    async sourceProgress(runId, source) {
      const [row] = await db.query<{ pages: number; rows: number; first: string | null; last: string | null; resume: string | null }>(
        `SELECT count(*)::int AS pages, coalesce(sum(row_count), 0)::int AS rows, min(fetched_at) AS first, max(fetched_at) AS last,
           (SELECT next_cursor_json FROM raw_pages WHERE run_id = $1 AND source = $2 ORDER BY page_index DESC LIMIT 1) AS resume
         FROM raw_pages WHERE run_id = $1 AND source = $2`,
        [runId, source],
      );
      const { pages, rows, first, last, resume } = row!;
      return { pages, rows, firstFetchedAt: first, lastFetchedAt: last, resumeFrom: pages === 0 ? undefined : parseNullable(resume) };
    },

    async pageCounts(runId) {
      return db.query<SourcePageCount>(
        'SELECT source, count(*)::int AS pages, sum(row_count)::int AS rows FROM raw_pages WHERE run_id = $1 GROUP BY source ORDER BY source COLLATE "C"',
        [runId],
      );
    },

    async pruneRawPages(connectionId, finishedBefore, keepRunId) {
      const [row] = await db.query<{ pages: number }>(
        `WITH pruned AS (
           DELETE FROM raw_pages WHERE run_id IN (SELECT id FROM runs WHERE connection_id = $1 AND status <> 'running' AND finished_at < $2 AND id <> $3)
           RETURNING 1
         ) SELECT count(*)::int AS pages FROM pruned`,
        [connectionId, finishedBefore, keepRunId],
      );
      return row!.pages;
    },
  };
  return runs;
}
