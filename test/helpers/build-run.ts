import { randomUUID } from 'node:crypto';
import { buildArtifact } from '../../src/evidence/artifact-build.js';
import { createLogger } from '../../src/logging/logger.js';
import type { ArtifactRef, Connection, EvidenceStore, RunSummary } from '../../src/store/index.js';

/** A GET /api/v1/devices row as the API sends it (the fields the device builds read). */
export function apiDevice(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    device_id: id,
    device_name: `Mac ${id}`,
    serial_number: `SN-${id}`,
    platform: 'Mac',
    os_version: '15.1',
    last_check_in: '2026-03-01T00:00:00.000Z',
    agent_installed: true,
    mdm_enabled: true,
    is_removed: false,
    ...fields,
  };
}

/**
 * One run of a connection through the real build, without Temporal: the devices page stored as fetched at `collectedAt`,
 * each Artifact of `types` built from it by src/evidence/artifact-build.ts, and the run published with them.
 */
export async function buildRun(
  store: EvidenceStore,
  connection: Connection,
  run: { collectedAt: string; devices: Record<string, unknown>[]; types: string[] },
): Promise<{ runId: string; artifacts: ArtifactRef[] }> {
  const runId = `collect-${connection.name}-${randomUUID()}`;
  await store.startRun({ id: runId, connectionId: connection.id, workflowId: runId, startedAt: run.collectedAt });
  await store.putPage({ runId, source: 'devices', pageIndex: 0, rows: run.devices, next: null, fetchedAt: run.collectedAt });
  const devices = {
    name: 'devices',
    status: 'succeeded' as const,
    records: run.devices.length,
    pages: 1,
    requests: 1,
    rateLimitWaitMs: 0,
    durationMs: 10,
    error: null,
  };
  const deps = { store, logger: createLogger({}, { LOG_LEVEL: 'silent' }), connectorVersion: 'iru-evidence/test', heartbeat: () => {} };
  const artifacts: ArtifactRef[] = [];
  for (const type of run.types) artifacts.push(await buildArtifact(deps, { connectionId: connection.id, runId, type, sources: [devices] }));
  const finishedAt = new Date(Date.parse(run.collectedAt) + 1_000).toISOString();
  const summary: RunSummary = {
    runId,
    connectionId: connection.id,
    status: 'succeeded',
    startedAt: run.collectedAt,
    finishedAt,
    sources: [devices],
    artifacts,
    notEvaluable: [],
    error: null,
  } as RunSummary;
  await store.publishRun(runId, { status: 'succeeded', finishedAt, summary });
  return { runId, artifacts };
}
