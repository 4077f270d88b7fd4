import type { RunRecord } from '../types.js';

/** SELECT lists that name each column as the store's types do, so a row is the record itself. */

export const CONNECTION_COLUMNS = `id, name, base_url AS "baseUrl", region, app, token_fingerprint AS "tokenFingerprint",
  freshness_hours AS "freshnessHours", status, status_reason AS "statusReason", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The summary stays JSON text until here: JSON.parse reads whatever JSON.stringify wrote. */
export const RUN_COLUMNS = `id, connection_id AS "connectionId", workflow_id AS "workflowId", status, started_at AS "startedAt",
  finished_at AS "finishedAt", summary_json AS "summaryJson"`;

export type RunRow = Omit<RunRecord, 'summary'> & { summaryJson: string | null };

export function toRun({ summaryJson, ...run }: RunRow): RunRecord {
  return { ...run, summary: summaryJson ? JSON.parse(summaryJson) : null };
}

export const ARTIFACT_COLUMNS = `id, connection_id AS "connectionId", run_id AS "runId", type, collected_at AS "collectedAt", sha256,
  content_sha256 AS "contentSha256", record_count AS "recordCount", published, envelope_json AS envelope`;

export const WEB_USER_COLUMNS = `id, username, role, created_at AS "createdAt"`;

export const API_KEY_COLUMNS = `id, name, scope, created_by AS "createdBy", created_at AS "createdAt", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", replaced_by AS "replacedBy", last_used_at AS "lastUsedAt"`;
