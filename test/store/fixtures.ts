import { createHash, randomUUID } from 'node:crypto';
import type { Connection, EvidenceStore, StoredArtifact } from '../../src/store/types.js';

export const TOKEN = '5d7c1f0a-9b3e-4d2c-8a1f-0e9d8c7b6a5f';

export function saveAcme(store: EvidenceStore, name = 'acme'): Promise<Connection> {
  return store.saveConnection({ name, baseUrl: `https://${name}.api.kandji.io`, region: 'us', app: name, token: TOKEN });
}

/** A connection with one started run. */
export async function connectionWithRun(store: EvidenceStore, runId = `run-${randomUUID()}`, startedAt = '2026-01-10T10:00:00.000Z'): Promise<{ connection: Connection; runId: string }> {
  const connection = await saveAcme(store, `c-${randomUUID().slice(0, 8)}`);
  await store.startRun({ id: runId, connectionId: connection.id, workflowId: `wf-${runId}`, startedAt });
  return { connection, runId };
}

/**
 * An Artifact version as the build activity stores it. The document is written by hand, with its own spacing and key
 * order, so a store that re-serialises it would be caught.
 */
export function artifactOf(
  run: { connectionId: string; runId: string },
  type: string,
  options: { collectedAt?: string; expiresAt?: string; records?: unknown[]; evidence?: string } = {},
): Omit<StoredArtifact, 'published'> {
  const id = `art-${randomUUID()}`;
  const collectedAt = options.collectedAt ?? '2026-01-10T10:05:00.000Z';
  const records = options.records ?? [{ deviceId: 'd-1', result: 'pass' }];
  const evidence = options.evidence ?? type;
  const document = `{"id": "${id}", "type": "${type}", "schemaVersion": 1, "title": "T ${type}", "connectionId": "${run.connectionId}", "runId": "${run.runId}",
  "collectedAt": "${collectedAt}", "expiresAt": "${options.expiresAt ?? '2026-01-12T10:05:00.000Z'}", "summary": {"evidence": "${evidence}", "ratio": 1.50},
  "records": ${JSON.stringify(records)}}`;
  return {
    id,
    connectionId: run.connectionId,
    runId: run.runId,
    type,
    collectedAt,
    sha256: sha(document),
    contentSha256: sha(evidence),
    recordCount: records.length,
    document,
  };
}

export const succeeded = (finishedAt = '2026-01-10T10:06:00.000Z') => ({ status: 'succeeded' as const, finishedAt, summary: { status: 'succeeded', sources: [] } });

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
