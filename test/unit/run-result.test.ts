import { describe, expect, it } from 'vitest';
import type { CollectionPlan, PlannedArtifact } from '../../src/collector/plan-collection.js';
import { artifactsToBuild, completedRun, describeFailure, failedSources, notEvaluable, stoppedRun, stopsRun } from '../../src/collector/run-result.js';
import type { SourceError, SourceOutcome } from '../../src/store/index.js';

/** The workflow's result rules as pure functions, over hand-written plans and outcomes. */
const DENIED: SourceError = { code: 'permission_denied', message: 'The API token lacks the GET permission "FileVault".' };
const TRANSIENT: SourceError = { code: 'transient', message: 'Iru answered 503.' };
const NOT_ENTITLED: SourceError = { code: 'not_entitled', message: 'The tenant has no edr.' };

function outcome(name: string, status: SourceOutcome['status'] = 'succeeded', error: SourceError | null = null): SourceOutcome {
  return { name, status, records: status === 'succeeded' ? 10 : 0, pages: 1, requests: 1, rateLimitWaitMs: 0, durationMs: 5, error };
}

const RUN = { runId: 'run-1', connectionId: 'conn-1', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:05:00.000Z' };

describe('which Artifacts are built', () => {
  const planned: PlannedArtifact[] = [
    { type: 'device-inventory', sources: ['devices'], optionalSources: [] },
    { type: 'disk-encryption', sources: ['devices', 'prism-filevault'], optionalSources: ['users'] },
    { type: 'threats', sources: ['threats'], optionalSources: [] },
    { type: 'run-report', sources: [], optionalSources: [] },
  ];

  it('builds those whose sources were collected or denied, with their optional sources, then those about the run', () => {
    const sources = [outcome('devices'), outcome('prism-filevault', 'failed', DENIED), outcome('users'), outcome('threats', 'failed', TRANSIENT)];
    expect(artifactsToBuild(planned, sources)).toEqual([
      { type: 'device-inventory', sources: [sources[0]] },
      { type: 'disk-encryption', sources: [sources[0], sources[1], sources[2]] },
      { type: 'run-report', sources },
    ]);
  });

  it('lists as not evaluable the Artifacts a source of which is missing, denied or transiently failed, but not one not applicable', () => {
    const sources = [outcome('devices'), outcome('prism-filevault', 'failed', DENIED), outcome('users'), outcome('threats', 'failed', TRANSIENT)];
    expect(notEvaluable(planned, sources)).toEqual([
      { type: 'disk-encryption', reason: 'permission_denied', sources: ['prism-filevault'] },
      { type: 'threats', reason: 'transient', sources: ['threats'] },
    ]);
    const notApplicable = [outcome('devices'), outcome('prism-filevault'), outcome('users'), outcome('threats', 'not_applicable', NOT_ENTITLED)];
    expect(notEvaluable(planned, notApplicable)).toEqual([]);
  });
});

describe('the run summary', () => {
  const plan: CollectionPlan = {
    phases: [
      [
        { name: 'devices', priority: 0 },
        { name: 'users', priority: 1 },
      ],
    ],
    estimate: {
      requests: 4,
      probeRequests: 1,
      sources: [
        { name: 'devices', requests: 3, basis: 'count' },
        { name: 'users', requests: 1, basis: 'minimum' },
      ],
    },
    budgetLeft: 1000,
    waitMs: 0,
    windowEndSource: 'clock-hour',
    artifacts: [{ type: 'device-inventory', sources: ['devices'], optionalSources: [] }],
  };
  const artifacts = [{ id: 'a-1', type: 'device-inventory', sha256: 'f'.repeat(64), contentSha256: 'e'.repeat(64), records: 10 }];

  it('a run whose sources all succeeded succeeded, and keeps its plan', () => {
    expect(completedRun(RUN, plan, [outcome('devices'), outcome('users')], artifacts)).toEqual({
      ...RUN,
      status: 'succeeded',
      sources: [outcome('devices'), outcome('users')],
      artifacts,
      notEvaluable: [],
      error: null,
      plan: { estimatedRequests: 4, probeRequests: 1, budgetLeft: 1000, waitedMs: 0, windowEndSource: 'clock-hour', sources: plan.estimate.sources },
    });
  });

  it('is partial when some sources failed and failed when all did', () => {
    expect(completedRun(RUN, plan, [outcome('devices'), outcome('users', 'failed', TRANSIENT)], artifacts).status).toBe('partial');
    const allFailed = completedRun(RUN, plan, [outcome('devices', 'failed', TRANSIENT), outcome('users', 'failed', TRANSIENT)], []);
    expect(allFailed).toMatchObject({ status: 'failed', notEvaluable: [{ type: 'device-inventory', reason: 'transient', sources: ['devices'] }] });
  });

  it('a run stopped before its sources were in failed with its one diagnosis and nothing else', () => {
    expect(stoppedRun(RUN, TRANSIENT)).toEqual({ ...RUN, status: 'failed', sources: [], artifacts: [], notEvaluable: [], error: TRANSIENT });
  });
});

describe('failures the workflow caught', () => {
  it('are described by their error type in the failure vocabulary; without one, as a passing failure', () => {
    expect(describeFailure({ type: 'IRU_TOKEN_REJECTED', message: 'rejected' })).toMatchObject({ code: 'token_rejected', message: 'rejected' });
    expect(describeFailure({ type: 'SOURCES_TO_RETRY', message: 'users (attempt 6)' })).toMatchObject({ code: 'transient' });
    expect(describeFailure({ message: 'activity timed out' })).toMatchObject({ code: 'transient', message: 'activity timed out' });
    expect(describeFailure({ type: 'SomethingElse', message: 'boom' })).toMatchObject({ code: 'unexpected' });
  });

  it('stop the run only when no source could get past them (a rejected token)', () => {
    expect(stopsRun({ code: 'token_rejected', message: '' })).toBe(true);
    expect(stopsRun({ code: 'permission_denied', message: '' })).toBe(false);
    expect(stopsRun(TRANSIENT)).toBe(false);
  });

  it('otherwise fail every planned source with the same diagnosis, so the run goes on to build what it can', () => {
    expect(failedSources([{ name: 'devices' }, { name: 'users', parent: 'devices' }], TRANSIENT)).toEqual([
      { name: 'devices', status: 'failed', records: 0, pages: 0, requests: 0, rateLimitWaitMs: 0, durationMs: 0, error: TRANSIENT },
      { name: 'users', status: 'failed', records: 0, pages: 0, requests: 0, rateLimitWaitMs: 0, durationMs: 0, error: TRANSIENT },
    ]);
  });
});
