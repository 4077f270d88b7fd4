import { describe, expect, it } from 'vitest';
import { canonicalJson, readArtifactDocument, type Artifact } from '../../src/evidence/index.js';
import { putArtifactDocument } from '../helpers/artifact-store.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { connectionWithRun } from './fixtures.js';

describe.each(BACKENDS)('%s store: whole Artifacts', (backend) => {
  const stores = useStoreBackend(backend);

  it('gives back a stored Artifact as its canonical document, records in order across read pages', async () => {
    const store = await stores.fresh();
    const { connection, runId } = await connectionWithRun(store);
    const artifact = {
      id: 'art-whole',
      type: 'firewall',
      schemaVersion: 1,
      title: 'Firewall',
      description: 'ünï 日本',
      connectionId: connection.id,
      runId,
      collectedAt: '2026-01-10T10:05:00.000Z',
      expiresAt: '2026-01-12T10:05:00.000Z',
      source: { tenant: 'acme', endpoints: ['/api/v1/devices'], connectorVersion: '0.1.0', tokenFingerprint: 'fp' },
      controls: [],
      summary: { counts: { devices: 1_203 }, coverage: { evaluated: 1_203, total: 1_203, label: '1203 of 1203 devices evaluated' } },
      records: Array.from({ length: 1_203 }, (_, i) => ({ deviceId: `d-${1_203 - i}`, name: `Mac \u0000 ${i}`, enabled: i % 2 === 0 })),
      contentSha256: 'c'.repeat(64),
      sha256: 'd'.repeat(64),
    } as unknown as Artifact;
    const stored = await putArtifactDocument(store, artifact);
    expect(await readArtifactDocument(store, (await store.getArtifact(stored.id))!)).toBe(canonicalJson(artifact));
  });
});
