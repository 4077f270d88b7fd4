import { parseStoredSummary } from './run-summary.js';
import type { ArtifactVersion, NewInvitation, RunRecord, StoredArtifact, StoredPage } from './types.js';

/**
 * SELECT lists, valid in both SQLite and PostgreSQL, that name each column as the store's types do, so a row is the
 * record itself. Only what the two databases return differently (booleans, JSON text) is mapped afterwards.
 */

export const CONNECTION_COLUMNS = `id, name, base_url AS "baseUrl", region, app, token_fingerprint AS "tokenFingerprint",
  freshness_hours AS "freshnessHours", status, status_reason AS "statusReason", created_at AS "createdAt", updated_at AS "updatedAt",
  deleted_at AS "deletedAt", deleted_by AS "deletedBy"`;

export const RUN_COLUMNS = `id, connection_id AS "connectionId", workflow_id AS "workflowId", status, started_at AS "startedAt",
  finished_at AS "finishedAt", summary_json AS "summaryJson"`;

export type RunRow = Omit<RunRecord, 'summary'> & { summaryJson: string | null };

export function toRun({ summaryJson, ...run }: RunRow): RunRecord {
  return { ...run, summary: parseStoredSummary(run.id, summaryJson) };
}

export const PAGE_COLUMNS = `page_index AS "pageIndex", rows_json AS "rowsJson", next_cursor_json AS "nextJson", fetched_at AS "fetchedAt"`;

export interface PageRow {
  pageIndex: number;
  rowsJson: string;
  nextJson: string | null;
  fetchedAt: string;
}

export function toPage<Row>(runId: string, source: string, row: PageRow): StoredPage<Row> {
  return { runId, source, pageIndex: row.pageIndex, rows: JSON.parse(row.rowsJson) as Row[], next: parseNullable(row.nextJson), fetchedAt: row.fetchedAt };
}

export function parseNullable(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}

export const ARTIFACT_COLUMNS = `id, connection_id AS "connectionId", run_id AS "runId", type, collected_at AS "collectedAt", sha256,
  content_sha256 AS "contentSha256", record_count AS "recordCount", published, envelope_json AS envelope`;

/** SQLite has no boolean type: its flags come back as 0 or 1. */
export type ArtifactRow = Omit<StoredArtifact, 'published'> & { published: boolean | number };

export function toArtifact(row: ArtifactRow): StoredArtifact {
  return { ...row, published: Boolean(row.published) };
}

/** Of a published version `a` joined with its envelope `e`; `current` is computed by each backend. */
export const ARTIFACT_VERSION_COLUMNS = `a.id, a.connection_id AS "connectionId", a.run_id AS "runId", a.type, a.collected_at AS "collectedAt",
  e.expires_at AS "expiresAt", a.sha256, a.content_sha256 AS "contentSha256", a.record_count AS "recordCount", a.published_seq AS "publishedSeq",
  a.published_at AS "publishedAt", e.envelope_json AS envelope`;

export type ArtifactVersionRow = Omit<ArtifactVersion, 'current'> & { current: boolean | number };

export function toArtifactVersion(row: ArtifactVersionRow): ArtifactVersion {
  return { ...row, current: Boolean(row.current) };
}

export const WEB_USER_COLUMNS = `id, username, role, created_at AS "createdAt", disabled_at AS "disabledAt", expires_at AS "expiresAt"`;

/** SQL true while the web user `alias` may act at the moment the placeholder `now` holds: enabled, and their access not expired. */
export function userActive(alias: string, now: string): string {
  return `${alias}.disabled_at IS NULL AND (${alias}.expires_at IS NULL OR ${alias}.expires_at > ${now})`;
}

export const INVITATION_COLUMNS = `id, role, access_expires_at AS "accessExpiresAt", expires_at AS "expiresAt", note, created_by AS "createdBy",
  created_by_user_id AS "createdByUserId", created_at AS "createdAt", used_at AS "usedAt", used_by_user_id AS "usedByUserId", revoked_at AS "revokedAt"`;

/** An invitation as both stores insert it: these columns, with `invitationValues` in the same order. */
export const INVITATION_INSERT_COLUMNS = 'id, token_hash, role, access_expires_at, expires_at, note, created_by, created_by_user_id, created_at';

export function invitationValues(i: NewInvitation): unknown[] {
  return [i.id, i.tokenHash, i.role, i.accessExpiresAt, i.expiresAt, i.note, i.createdBy, i.createdByUserId, i.createdAt];
}

export const EXCEPTION_COLUMNS = `id, connection_id AS "connectionId", device_id AS "deviceId", check_type AS "check", justification, approver,
  created_at AS "createdAt", expires_on AS "expiresOn", revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

export const WEB_SESSION_COLUMNS = `s.id_hash AS "idHash", s.user_id AS "userId", s.csrf_token AS "csrfToken", s.created_at AS "createdAt",
  s.expires_at AS "expiresAt"`;

export const API_KEY_COLUMNS = `id, name, scope, created_by AS "createdBy", created_by_user_id AS "createdByUserId", created_at AS "createdAt", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", replaced_by AS "replacedBy", last_used_at AS "lastUsedAt"`;
