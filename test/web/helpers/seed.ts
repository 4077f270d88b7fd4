import { randomUUID } from 'node:crypto';
import type { Connection, EvidenceStore, RunStatus, RunSummary } from '../../../src/store/index.js';
import {
  artifactId,
  canonicalJson,
  contentSha256,
  documentSha256,
  sha256WithRecords,
  type Artifact,
  type ArtifactEnvelope,
} from '../../../src/evidence/index.js';
import { controlActionsFor, type ArtifactType } from '../../../src/evidence/frameworks/index.js';
import type { ArtifactSummary } from '../../../src/evidence/types/artifact.generated.js';
import { putArtifactDocument } from '../../helpers/artifact-store.js';

export const XSS_NAME = '<img src=x onerror=alert(1)>';

export async function seedConnection(store: EvidenceStore, name = `acme-${randomUUID().slice(0, 6)}`, freshnessHours = 48): Promise<Connection> {
  return store.saveConnection({ name, baseUrl: 'http://127.0.0.1:9/api/v1', token: randomUUID(), freshnessHours });
}

/** A device-inventory record as the collector writes it. */
export function deviceRecord(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = String(i).padStart(6, '0');
  return {
    deviceId: `dev-${n}`,
    deviceName: `Mac ${n}`,
    serialNumber: `C02${n}XYZ`,
    platform: i % 5 === 0 ? 'iPhone' : 'Mac',
    model: 'MacBook Pro (14-inch, 2023)',
    osVersion: i % 3 === 0 ? '14.5' : '15.1',
    blueprintId: 'bp-1',
    blueprintName: 'Default',
    assetTag: null,
    assignedUserId: `user-${i % 40}`,
    firstEnrollment: '2024-01-02T03:04:05.000Z',
    lastEnrollment: '2024-01-02T03:04:05.000Z',
    lastCheckIn: '2024-06-01T00:00:00.000Z',
    agentInstalled: true,
    agentVersion: '4.5.6',
    mdmEnabled: true,
    isMissing: false,
    isRemoved: false,
    tags: ['engineering'],
    ...overrides,
  };
}

export interface SeedArtifact {
  type: ArtifactType;
  records: Record<string, unknown>[];
  summary?: ArtifactSummary;
  title?: string;
}

export interface SeedRun {
  collectedAt: string;
  freshnessHours?: number;
  status?: Exclude<RunStatus, 'running'>;
  artifacts: SeedArtifact[];
  notEvaluable?: RunSummary['notEvaluable'];
}

/** The Artifact envelope exactly as assembleArtifact builds it, before it is hashed: for `total` records. */
function unsealedEnvelope(
  connectionId: string,
  runId: string,
  collectedAt: string,
  freshnessHours: number,
  input: Omit<SeedArtifact, 'records'>,
  total: number,
) {
  return {
    type: input.type,
    schemaVersion: 1 as const,
    title: input.title ?? input.type.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    description: `Seeded ${input.type} evidence for tests.`,
    connectionId,
    runId,
    collectedAt,
    observedAt: { oldest: '2024-05-01T00:00:00.000Z', newest: '2024-06-01T00:00:00.000Z' },
    expiresAt: new Date(Date.parse(collectedAt) + freshnessHours * 3_600_000).toISOString(),
    source: { tenant: 'acme', endpoints: ['GET /api/v1/devices'], connectorVersion: 'iru-evidence/test', tokenFingerprint: 'sha256:0123456789abcdef' },
    controls: controlActionsFor(input.type),
    summary: input.summary ?? { counts: { devices: total }, coverage: { evaluated: total, total, text: `${total} of ${total} devices evaluated`, gaps: [] } },
  };
}

/** The Artifact envelope exactly as assembleArtifact builds it, hashed, without the per-type schema check. */
export function sealArtifact(connectionId: string, runId: string, collectedAt: string, freshnessHours: number, input: SeedArtifact): Artifact {
  const unsealed = { ...unsealedEnvelope(connectionId, runId, collectedAt, freshnessHours, input, input.records.length), records: input.records };
  const withContent = { ...unsealed, contentSha256: contentSha256(unsealed) };
  return { id: artifactId(connectionId, runId, input.type), ...withContent, sha256: documentSha256(withContent) };
}

/** One run of a connection: its Artifacts stored and published (unless failed), and its summary recorded. */
export async function seedRun(store: EvidenceStore, connection: Connection, run: SeedRun): Promise<{ runId: string; artifacts: Artifact[] }> {
  const runId = await startSeededRun(store, connection, run.collectedAt);
  const freshness = run.freshnessHours ?? connection.freshnessHours;
  const artifacts = run.artifacts.map((a) => sealArtifact(connection.id, runId, run.collectedAt, freshness, a));
  for (const artifact of artifacts) await putArtifactDocument(store, artifact);
  const published = artifacts.map((a) => ({ id: a.id, type: a.type, sha256: a.sha256, contentSha256: a.contentSha256, records: a.records.length }));
  await publishSeededRun(store, connection, runId, run, published);
  return { runId, artifacts: run.status === 'failed' ? [] : artifacts };
}

/** An Artifact too large to hold: its records are made one at a time by `record(i)`. */
export interface LargeSeedArtifact extends Omit<SeedArtifact, 'records'> {
  count: number;
  record: (i: number) => Record<string, unknown>;
}

/**
 * Like seedRun, for Artifacts too large to hold whole: each one's records are stored in one transaction and hashed by
 * streaming them back from the store, as the collector seals an Artifact.
 */
export async function seedLargeRun(
  store: EvidenceStore,
  connection: Connection,
  run: { collectedAt: string; artifacts: LargeSeedArtifact[] },
): Promise<{ runId: string; artifacts: ArtifactEnvelope[] }> {
  const runId = await startSeededRun(store, connection, run.collectedAt);
  const artifacts: ArtifactEnvelope[] = [];
  for (const input of run.artifacts) {
    const id = artifactId(connection.id, runId, input.type);
    const sortKey = (i: number) => String(i).padStart(12, '0');
    await store.putArtifactRecords(
      id,
      Array.from({ length: input.count }, (_, i) => ({ sortKey: sortKey(i), tie: '', body: canonicalJson(input.record(i)) })),
    );
    const unsealed = unsealedEnvelope(connection.id, runId, run.collectedAt, connection.freshnessHours, input, input.count);
    const { type, schemaVersion, controls, summary } = unsealed;
    const withContent = { ...unsealed, contentSha256: (await sha256WithRecords({ type, schemaVersion, controls, summary }, store.artifactRecords(id))).sha256 };
    const envelope: ArtifactEnvelope = { id, ...withContent, sha256: (await sha256WithRecords(withContent, store.artifactRecords(id))).sha256 };
    await store.putArtifact({
      id,
      connectionId: connection.id,
      runId,
      type: input.type,
      collectedAt: run.collectedAt,
      sha256: envelope.sha256,
      contentSha256: envelope.contentSha256,
      recordCount: input.count,
      envelope: canonicalJson(envelope),
    });
    artifacts.push(envelope);
  }
  const published = artifacts.map((a, i) => ({ id: a.id, type: a.type, sha256: a.sha256, contentSha256: a.contentSha256, records: run.artifacts[i]!.count }));
  await publishSeededRun(store, connection, runId, run, published);
  return { runId, artifacts };
}

async function startSeededRun(store: EvidenceStore, connection: Connection, collectedAt: string): Promise<string> {
  const runId = `collect-${connection.name}-${randomUUID()}`;
  await store.startRun({ id: runId, connectionId: connection.id, workflowId: runId, startedAt: collectedAt });
  return runId;
}

async function publishSeededRun(
  store: EvidenceStore,
  connection: Connection,
  runId: string,
  run: Pick<SeedRun, 'collectedAt' | 'status' | 'notEvaluable'>,
  artifacts: RunSummary['artifacts'],
): Promise<void> {
  const status = run.status ?? 'succeeded';
  const finishedAt = new Date(Date.parse(run.collectedAt) + 42_000).toISOString();
  const summary: RunSummary = {
    runId,
    connectionId: connection.id,
    status,
    startedAt: run.collectedAt,
    finishedAt,
    sources: [
      {
        name: 'devices',
        status: status === 'failed' ? 'failed' : 'succeeded',
        records: artifacts[0]?.records ?? 0,
        pages: 1,
        requests: 1,
        rateLimitWaitMs: 0,
        durationMs: 1200,
        error: status === 'failed' ? { code: 'transient', message: 'The Iru API answered 503 <b>three</b> times', remedy: 'Try again later' } : null,
      },
    ],
    artifacts: status === 'failed' ? [] : artifacts,
    notEvaluable: run.notEvaluable ?? [],
    error: null,
  } as RunSummary;
  await store.publishRun(runId, { status, finishedAt, summary });
}

export const days = (n: number) => n * 86_400_000;
