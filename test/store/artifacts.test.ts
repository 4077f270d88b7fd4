import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/store/run-summary.js';
import type { EvidenceStore } from '../../src/store/types.js';
import { artifactVersions } from '../helpers/store-sql.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { artifactOf, connectionWithRun, putArtifactOf, readRecords, runSummary, succeeded } from './fixtures.js';

const TYPES = ['device-inventory', 'disk-encryption', 'firewall', 'mdm-enrollment', 'os-currency', 'collection-run'];

async function runWithArtifacts(store: EvidenceStore, connectionId: string, runId: string, evidence: string) {
  await store.startRun({ id: runId, connectionId, workflowId: `wf-${runId}`, startedAt: '2026-01-10T10:00:00.000Z' });
  const artifacts = [];
  for (const type of TYPES) artifacts.push(await putArtifactOf(store, { connectionId, runId }, type, { evidence: `${type}@${evidence}` }));
  return artifacts;
}

describe.each(BACKENDS)('%s store: artifact versions', (backend) => {
  const stores = useStoreBackend(backend);

  it('keeps the exact envelope and record bytes; the same id twice is a no-op, never an overwrite', async () => {
    const store = await stores.fresh();
    const { connection, runId } = await connectionWithRun(store);
    const rows = [{ name: 'ünï \u0000 \ud800 "q"' }, { n: 2.5 }];
    const { artifact, records } = artifactOf({ connectionId: connection.id, runId }, 'firewall', { records: rows });
    const envelope = artifact.envelope.replace('"T firewall"', '"T \\u0000 \\ud800 ünï"');
    await store.putArtifactRecords(artifact.id, records);
    await store.putArtifact({ ...artifact, envelope });
    await store.putArtifact({ ...artifact, sha256: 'changed', envelope: '{"changed": true, "expiresAt": "2030-01-01T00:00:00.000Z"}' });
    expect(await store.getArtifact(artifact.id)).toEqual({ ...artifact, envelope, published: false });
    expect((await store.getArtifact(artifact.id))!.envelope).toBe(envelope);
    expect(await readRecords(store, artifact.id)).toEqual(['{"name":"ünï \\u0000 \\ud800 \\"q\\""}', '{"n":2.5}']);
    expect(await store.getArtifact('nope')).toBeUndefined();
    expect(await store.currentArtifacts(connection.id)).toEqual([]);
    expect((await store.runArtifacts(runId)).map((a) => a.id)).toEqual([artifact.id]);
  });

  it('publishes a run atomically; the newest published version of each type is current, older ones stay', async () => {
    const store = await stores.fresh();
    const { connection } = await connectionWithRun(store, 'seed');
    const first = await runWithArtifacts(store, connection.id, 'r1', 'one');
    await store.publishRun('r1', succeeded());
    expect((await store.currentArtifacts(connection.id)).map((a) => a.id)).toEqual([...first].sort((a, b) => (a.type < b.type ? -1 : 1)).map((a) => a.id));
    expect((await store.getRun('r1'))!.status).toBe('succeeded');

    // A failed run records its outcome but publishes nothing.
    await runWithArtifacts(store, connection.id, 'r2', 'two');
    await store.publishRun('r2', { status: 'failed', finishedAt: '2026-01-11T00:00:00.000Z', summary: runSummary({ status: 'failed' }) });
    expect((await store.getRun('r2'))!).toMatchObject({ status: 'failed', summary: runSummary({ status: 'failed' }) });
    expect((await store.runArtifacts('r2')).every((a) => !a.published)).toBe(true);
    expect((await store.currentArtifacts(connection.id)).map((a) => a.runId)).toEqual(TYPES.map(() => 'r1'));

    // A partial run publishes what it built; a retried publish changes nothing.
    const third = await runWithArtifacts(store, connection.id, 'r3', 'three');
    await store.publishRun('r3', { ...succeeded(), status: 'partial' });
    const current = await store.currentArtifacts(connection.id);
    await store.publishRun('r3', { ...succeeded(), status: 'partial' });
    expect(await store.currentArtifacts(connection.id)).toEqual(current);
    expect(current.map((a) => a.runId)).toEqual(TYPES.map(() => 'r3'));
    expect(current.every((a) => a.published)).toBe(true);

    const versions = await artifactVersions(store, connection.id, 'firewall');
    expect(versions.map((v) => v.runId)).toEqual(['r3', 'r1']);
    expect(versions.map((v) => v.envelope)).toEqual([third, first].map((run) => run.find((a) => a.type === 'firewall')!.envelope));
    expect((await store.runArtifacts('r3')).map((a) => a.type)).toEqual([...TYPES].sort());
  });

  it('changes nothing when publishing fails midway', async () => {
    const store = await stores.fresh();
    const { connection } = await connectionWithRun(store, 'seed');
    await runWithArtifacts(store, connection.id, 'r1', 'one');
    // A summary that cannot be stored (BigInt has no JSON form).
    await expect(store.publishRun('r1', { ...succeeded(), summary: { ...runSummary(), requests: 1n } as RunSummary })).rejects.toThrow();
    expect(await store.currentArtifacts(connection.id)).toEqual([]);
    expect((await store.getRun('r1'))!.status).toBe('running');
  });

  it('never shows another process a half-published run', async () => {
    const store = await stores.fresh();
    const reader = stores.reopen(store);
    const { connection } = await connectionWithRun(store, 'seed');
    await runWithArtifacts(store, connection.id, 'old', 'old');
    await store.publishRun('old', succeeded());
    const runs = ['new-0', 'new-1', 'new-2', 'new-3', 'new-4'];
    for (const runId of runs) await runWithArtifacts(store, connection.id, runId, runId);
    const observed = new Set<string>();
    let publishing = true;
    const readLoop = (async () => {
      for (let reads = 0; publishing && reads < 10_000; reads++) {
        const current = await reader.currentArtifacts(connection.id);
        observed.add([...new Set(current.map((a) => a.runId))].join(','));
      }
    })();
    for (const runId of runs) await store.publishRun(runId, succeeded());
    publishing = false;
    await readLoop;
    // Every read saw the artifacts of exactly one run.
    expect(observed.size).toBeGreaterThan(0);
    for (const seen of observed) expect(seen.split(',')).toHaveLength(1);
    expect((await reader.currentArtifacts(connection.id)).map((a) => a.runId)).toEqual(TYPES.map(() => 'new-4'));
  });
});
