import { ARTIFACT_COLUMNS, toArtifact, WEB_USER_COLUMNS, type ArtifactRow } from '../../src/store/columns.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { RunSummary } from '../../src/store/run-summary.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { EvidenceStore, RunStatus, StoredArtifact, WebUser } from '../../src/store/types.js';

/**
 * What only tests ask of a store, read and written with SQL on its own database: `?` placeholders, SQL that both
 * backends accept (`true` for booleans).
 */
export async function sql<Row = Record<string, unknown>>(store: EvidenceStore, text: string, values: unknown[] = []): Promise<Row[]> {
  if (store instanceof SqliteStore) {
    const statement = store.db.prepare(text);
    if (statement.reader) return statement.all(...values) as Row[];
    statement.run(...values);
    return [];
  }
  if (store instanceof PostgresStore) {
    let n = 0;
    return store.db.query(
      text.replace(/\?/g, () => `$${++n}`),
      values,
    ) as Promise<Row[]>;
  }
  throw new Error('not a SqliteStore or PostgresStore');
}

/** Records a run's outcome without publishing anything, and without scrubbing the summary. */
export async function finishRun(
  store: EvidenceStore,
  runId: string,
  outcome: { status: Exclude<RunStatus, 'running'>; finishedAt: string; summary: RunSummary | null },
): Promise<void> {
  await sql(store, 'UPDATE runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?', [
    outcome.status,
    outcome.finishedAt,
    JSON.stringify(outcome.summary),
    runId,
  ]);
}

/** The published versions of a connection's Artifact type, newest first. */
export async function artifactVersions(store: EvidenceStore, connectionId: string, type: string): Promise<StoredArtifact[]> {
  const text = `SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE connection_id = ? AND type = ? AND published ORDER BY published_seq DESC`;
  const rows = await sql<ArtifactRow>(store, text, [connectionId, type]);
  return rows.map(toArtifact);
}

export async function getWebUser(store: EvidenceStore, id: string): Promise<WebUser | undefined> {
  return (await sql<WebUser>(store, `SELECT ${WEB_USER_COLUMNS} FROM web_users WHERE id = ?`, [id]))[0];
}
