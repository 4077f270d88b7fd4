import { createHash, randomUUID } from 'node:crypto';
import type { RunSummary } from '../../src/store/run-summary.js';
import type { Connection, EvidenceStore, StoredArtifact, StoredRecord } from '../../src/store/types.js';

export const TOKEN = '5d7c1f0a-9b3e-4d2c-8a1f-0e9d8c7b6a5f';

export function saveAcme(store: EvidenceStore, name = 'acme'): Promise<Connection> {
  return store.saveConnection({ name, baseUrl: `https://${name}.api.kandji.io`, region: 'us', app: name, token: TOKEN });
}

/** A connection with one started run. */
export async function connectionWithRun(
  store: EvidenceStore,
  runId = `run-${randomUUID()}`,
  startedAt = '2026-01-10T10:00:00.000Z',
): Promise<{ connection: Connection; runId: string }> {
  const connection = await saveAcme(store, `c-${randomUUID().slice(0, 8)}`);
  await store.startRun({ id: runId, connectionId: connection.id, workflowId: `wf-${runId}`, startedAt });
  return { connection, runId };
}

/** An Artifact version as the build activity stores it: its records, then its envelope. */
export interface ArtifactFixture {
  artifact: Omit<StoredArtifact, 'published'>;
  records: StoredRecord[];
}

/** Records in the given order, under their index as sort key, as JSON text. */
export function indexedRecords(records: unknown[]): StoredRecord[] {
  return records.map((record, index) => ({ sortKey: String(index).padStart(12, '0'), tie: '', body: JSON.stringify(record) }));
}

/**
 * An Artifact version, not yet stored. The envelope is written by hand, with its own spacing and key order, so a
 * store that re-serialises it would be caught.
 */
export function artifactOf(
  run: { connectionId: string; runId: string },
  type: string,
  options: { collectedAt?: string; expiresAt?: string; records?: unknown[]; evidence?: string } = {},
): ArtifactFixture {
  const id = `art-${randomUUID()}`;
  const collectedAt = options.collectedAt ?? '2026-01-10T10:05:00.000Z';
  const records = indexedRecords(options.records ?? [{ deviceId: 'd-1', result: 'pass' }]);
  const evidence = options.evidence ?? type;
  const envelope = `{"id": "${id}", "type": "${type}", "schemaVersion": 1, "title": "T ${type}", "connectionId": "${run.connectionId}", "runId": "${run.runId}",
  "collectedAt": "${collectedAt}", "expiresAt": "${options.expiresAt ?? '2026-01-12T10:05:00.000Z'}", "summary": {"evidence": "${evidence}", "ratio": 1.50}}`;
  const artifact = {
    id,
    connectionId: run.connectionId,
    runId: run.runId,
    type,
    collectedAt,
    sha256: sha(envelope + records.map((r) => r.body).join(',')),
    contentSha256: sha(evidence),
    recordCount: records.length,
    envelope,
  };
  return { artifact, records };
}

/** Stores a fixture as the build activity does: its records, then its envelope. */
export async function putFixture(store: EvidenceStore, { artifact, records }: ArtifactFixture): Promise<Omit<StoredArtifact, 'published'>> {
  await store.putArtifactRecords(artifact.id, records);
  await store.putArtifact(artifact);
  return artifact;
}

/** artifactOf, stored. */
export function putArtifactOf(store: EvidenceStore, ...args: Parameters<typeof artifactOf>): Promise<Omit<StoredArtifact, 'published'>> {
  return putFixture(store, artifactOf(...args));
}

/** Every record of an Artifact, read to the end. */
export async function readRecords(store: EvidenceStore, artifactId: string): Promise<string[]> {
  const bodies: string[] = [];
  for await (const body of store.artifactRecords(artifactId)) bodies.push(body);
  return bodies;
}

/** A run summary with no sources or Artifacts, as the workflow would write it. */
export function runSummary(fields: Partial<RunSummary> = {}): RunSummary {
  const times = { startedAt: '2026-01-10T10:00:00.000Z', finishedAt: '2026-01-10T10:06:00.000Z' };
  return { runId: 'run', connectionId: 'connection', status: 'succeeded', ...times, sources: [], artifacts: [], notEvaluable: [], error: null, ...fields };
}

export const succeeded = (finishedAt = '2026-01-10T10:06:00.000Z') => ({ status: 'succeeded' as const, finishedAt, summary: runSummary({ finishedAt }) });

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
