/**
 * What every fault test checks, in one place: a run under faults either completes with the Artifacts of an
 * undisturbed run (same contentSha256, the same raw rows: nothing lost, nothing twice), or ends partial/failed with
 * the expected diagnosis and leaves the connection's earlier Artifacts current and intact. Counts are kept per file
 * and printed at the end.
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import type { EvidenceStore, RunStatus, RunSummary, SourceOutcome, StoredArtifact } from '../../src/store/index.js';
import { documentSha256, readArtifact } from '../../src/evidence/index.js';
import { DEVICE_IDENTITY_FIELDS } from '../../src/read-model/record-fields.js';
import { collectionWorkflowId } from '../../src/temporal/client.js';
import { COLLECT_WORKFLOW, type CollectEvidenceInput } from '../../src/temporal-contract.js';
import type { collectEvidence } from '../../workflows/index.js';

/** Sources covering every pagination style the fault tests need: offset lists, a Prism cursor, per-parent expansion. */
export const FAULT_SOURCES = ['devices', 'prism-filevault', 'blueprint-library-items', 'library-item-status'];

/** The Artifact that describes the run itself (its requests, its retries): it differs by design. */
const RUN_ARTIFACT = 'collection-run';

/** Deterministic PRNG (mulberry32) for seeded fault plans. */
export function prng(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, pollMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** What a run left in the store: its status, its Artifacts, and a multiset of the raw rows of each source. */
export interface RunEvidence {
  status: RunStatus | undefined;
  summary: RunSummary | undefined;
  /**
   * identityFree: a digest of the records without the device name, serial and user that /devices gives them; read only
   * for a run that did not read /devices, and for an undisturbed run through withIdentityFree.
   */
  artifacts: Map<string, { id: string; contentSha256: string; identityFree?: string; records: number }>;
  rows: Map<string, Map<string, number>>;
}

function devicesRead(summary: RunSummary | null | undefined): boolean {
  return (summary?.sources ?? []).some((s) => s.name === 'devices' && s.status === 'succeeded');
}

/** The undisturbed run's evidence with the identity-free digests a run without /devices is compared by. */
export async function withIdentityFree(store: EvidenceStore, evidence: RunEvidence): Promise<RunEvidence> {
  for (const artifact of evidence.artifacts.values()) artifact.identityFree ??= await identityFreeDigest(store, artifact.id);
  return evidence;
}

/** The Artifact's records, in stored order, without the device identity fields joined from /devices. */
async function identityFreeDigest(store: EvidenceStore, artifactId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const body of store.artifactRecords(artifactId)) {
    const record = JSON.parse(body) as Record<string, unknown>;
    for (const field of DEVICE_IDENTITY_FIELDS) delete record[field];
    hash.update(JSON.stringify(record)).update('\n');
  }
  return hash.digest('base64');
}

export async function runEvidence(store: EvidenceStore, runId: string, sources: string[]): Promise<RunEvidence> {
  const run = await store.getRun(runId);
  const withoutDevices = !devicesRead(run?.summary);
  const artifacts: RunEvidence['artifacts'] = new Map();
  for (const a of await store.runArtifacts(runId)) {
    const identityFree = withoutDevices ? await identityFreeDigest(store, a.id) : undefined;
    artifacts.set(a.type, { id: a.id, contentSha256: a.contentSha256, identityFree, records: a.recordCount });
  }
  const rows = new Map<string, Map<string, number>>();
  for (const source of sources) {
    const counts = new Map<string, number>();
    for await (const page of store.pages(runId, source)) {
      for (const row of page.rows) {
        const key = createHash('sha256').update(JSON.stringify(row)).digest('base64');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    rows.set(source, counts);
  }
  return { status: run?.status, summary: (run?.summary ?? undefined) as RunSummary | undefined, artifacts, rows };
}

export interface Comparison {
  /** Rows of the undisturbed run missing from this run (in sources this run completed). */
  lost: number;
  /** Rows this run holds more often than the undisturbed run. */
  duplicated: number;
  /** Artifact types whose contentSha256 differs from the undisturbed run's. */
  differing: string[];
  /** Artifact types the undisturbed run built and this one did not. */
  missingTypes: string[];
}

/** This run against the undisturbed one, over the sources this run completed (all of them, for a completed run). */
export function compareToBaseline(baseline: RunEvidence, actual: RunEvidence): Comparison {
  const succeeded = new Set((actual.summary?.sources ?? []).filter((s) => s.status === 'succeeded').map((s) => s.name));
  let lost = 0;
  let duplicated = 0;
  for (const [source, expected] of baseline.rows) {
    if (!succeeded.has(source)) continue;
    const got = actual.rows.get(source) ?? new Map<string, number>();
    for (const [key, n] of expected) lost += Math.max(0, n - (got.get(key) ?? 0));
    for (const [key, n] of got) duplicated += Math.max(0, n - (expected.get(key) ?? 0));
  }
  const differing: string[] = [];
  const missingTypes: string[] = [];
  // Without /devices the records of the other device Artifacts carry no device name, serial or user (the build joins
  // them from it, src/evidence/devices.ts); everything else must still equal the undisturbed run's.
  type Digests = { contentSha256: string; identityFree?: string };
  const same = succeeded.has('devices')
    ? (a: Digests, b: Digests) => a.contentSha256 === b.contentSha256
    : (a: Digests, b: Digests) => a.identityFree !== undefined && a.identityFree === b.identityFree;
  for (const [type, expected] of baseline.artifacts) {
    if (type === RUN_ARTIFACT) continue;
    const got = actual.artifacts.get(type);
    if (!got) missingTypes.push(type);
    else if (!same(got, expected)) differing.push(type);
  }
  for (const type of actual.artifacts.keys()) if (type !== RUN_ARTIFACT && !baseline.artifacts.has(type)) differing.push(type);
  return { lost, duplicated, differing, missingTypes };
}

/** The connection's current Artifacts, by type. */
export async function currentByType(store: EvidenceStore, connectionId: string): Promise<Map<string, StoredArtifact>> {
  return new Map((await store.currentArtifacts(connectionId)).map((a) => [a.type, a]));
}

/** Every stored document still hashes to its recorded sha256 (no torn or rewritten Artifact). */
export async function assertIntact(store: EvidenceStore, artifacts: Iterable<StoredArtifact>): Promise<void> {
  for (const stored of artifacts) {
    const document = await readArtifact(store, stored);
    expect(document.sha256, `${stored.type} ${stored.id}`).toBe(stored.sha256);
    expect(documentSha256(document), `${stored.type} ${stored.id} hashes to its sha256`).toBe(stored.sha256);
  }
}

/**
 * After a run that did not complete: every Artifact that was current before is still stored unchanged, and is still
 * current unless this (partial) run built a new version of its type.
 */
export async function assertEarlierArtifactsKept(
  store: EvidenceStore,
  connectionId: string,
  before: Map<string, StoredArtifact>,
  runId: string,
): Promise<void> {
  const after = await currentByType(store, connectionId);
  for (const [type, previous] of before) {
    const now = after.get(type);
    expect(now, `a current ${type} Artifact`).toBeDefined();
    if (now!.id !== previous.id) expect(now!.runId, `${type} replaced only by a version this run built`).toBe(runId);
    const kept = await store.getArtifact(previous.id);
    expect(kept?.sha256, `the earlier ${type} version is kept`).toBe(previous.sha256);
  }
  await assertIntact(store, after.values());
}

export interface StartedRun {
  workflowId: string;
  handle: WorkflowHandle<typeof collectEvidence>;
}

export async function startRun(
  client: Client,
  taskQueue: string,
  connection: { id: string; name: string },
  input: Omit<CollectEvidenceInput, 'connectionId'>,
): Promise<StartedRun> {
  const workflowId = collectionWorkflowId(connection.name);
  const handle = await client.workflow.start<typeof collectEvidence>(COLLECT_WORKFLOW, {
    taskQueue,
    workflowId,
    args: [{ connectionId: connection.id, ...input }],
    workflowExecutionTimeout: '15 minutes',
  });
  return { workflowId, handle };
}

/** Waits for the workflow to close (a failed workflow is an outcome, not an error), retrying while the server is away. */
export async function settle(run: StartedRun, timeoutMs: number): Promise<'completed' | 'failed'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await run.handle.result();
      return 'completed';
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'WorkflowFailedError') return 'failed';
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export function source(summary: RunSummary | undefined, name: string): SourceOutcome {
  const found = summary?.sources.find((s) => s.name === name);
  if (!found) throw new Error(`no source ${name} in the run summary`);
  return found;
}

/** Per-file counts, printed at the end. */
export class Tally {
  runs = 0;
  faults = 0;
  survived = 0;
  recordsLost = 0;
  duplicated = 0;
  readonly notes: string[] = [];

  constructor(readonly label: string) {}

  /** One run under `faults` injected faults; survived when it reached its expected outcome with nothing lost. */
  record(faults: number, survived: boolean, comparison?: Comparison, note?: string): void {
    this.run(comparison);
    this.fault(faults, survived);
    if (note) this.notes.push(note);
  }

  /** A run that met at least one fault. */
  run(comparison?: Comparison): void {
    this.runs += 1;
    this.recordsLost += comparison?.lost ?? 0;
    this.duplicated += comparison?.duplicated ?? 0;
  }

  /** `n` faults injected; survived when every run they hit reached its expected outcome. */
  fault(n: number, survived: boolean): void {
    this.faults += n;
    if (survived) this.survived += n;
  }

  line(): string {
    return (
      `[faults:${this.label}] runs under faults: ${this.runs}, faults injected: ${this.faults}, faults survived: ${this.survived}, records ` +
      `lost: ${this.recordsLost}, records duplicated: ${this.duplicated}`
    );
  }

  print(): void {
    console.log(this.line());
    for (const note of this.notes) console.log(`  ${note}`);
    const file = process.env.FAULT_TALLY_FILE;
    if (file)
      appendFileSync(
        file,
        JSON.stringify({
          label: this.label,
          runs: this.runs,
          faults: this.faults,
          survived: this.survived,
          recordsLost: this.recordsLost,
          duplicated: this.duplicated,
        }) + '\n',
      );
  }
}

/**
 * The standard verdict for a run that had to complete: succeeded, equal to the undisturbed run, nothing lost or
 * duplicated, every stored Artifact intact. Returns the comparison for the tally.
 */
export async function expectCompletedLikeBaseline(store: EvidenceStore, runId: string, baseline: RunEvidence, sources: string[]): Promise<Comparison> {
  const actual = await runEvidence(store, runId, sources);
  expect(actual.status, `run ${runId} status (${JSON.stringify(actual.summary?.sources.filter((s) => s.error).map((s) => s.error))})`).toBe('succeeded');
  const comparison = compareToBaseline(baseline, actual);
  expect(comparison, `run ${runId} against the undisturbed run`).toEqual({ lost: 0, duplicated: 0, differing: [], missingTypes: [] });
  await assertIntact(store, await store.runArtifacts(runId));
  return comparison;
}
