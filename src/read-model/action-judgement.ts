import type { ArtifactMapping, ControlAction, Control } from '../evidence/frameworks/index.js';
import type { RunRecord } from '../store/index.js';
import type { EvidenceVersion } from './artifact-envelope.js';
import { freshnessAt } from './freshness.js';
import { summaryResults } from './record-results.js';
import type { TimelineRow } from './timeline.js';

/**
 * Worst first: a control, an action or a check is as bad as the worst of what it depends on. `excepted`: nothing failed
 * but subjects an admin's exception covers; better than a gap in the evidence (that is unknown), short of satisfied.
 */
export const VERDICTS = ['not_satisfied', 'not_evaluable', 'excepted', 'satisfied'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Why a connection has no usable evidence of a type. */
export const GAP_REASONS = ['not_collected', 'permission_denied', 'collection_failed', 'stale'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface ScopeConnection {
  id: string;
  name: string;
}

/** Which tenants a judgement covers, and what their last collections said; every one must have evidence of every mapped type. */
export interface JudgementScope {
  connections: ScopeConnection[];
  /** The newest finished run of each connection, to say why its evidence is missing. */
  lastRuns: Map<string, RunRecord>;
  asOf: Date;
}

/** One connection's evidence of one artifact type, judged. */
export interface EvidenceCheck {
  type: string;
  connection: ScopeConnection;
  verdict: Verdict;
  /** The newest version, absent when none was collected. */
  version: EvidenceVersion | null;
  /** Subjects that failed, in that version. */
  failing: number;
  /** Subjects that failed but an exception in force at the build covers (result excepted), in that version. */
  excepted: number;
  /** Subjects the version could not evaluate, by reason (an unknown number counts 0 here and is named in `reasons`). */
  notEvaluable: Record<string, number>;
  /** Set when there is no usable evidence: none collected, or only expired evidence. */
  gap: { reason: GapReason; detail: string } | null;
  /** What keeps the check from being satisfied, excepted subjects too, in a few words each (the row of the check says whose and which). */
  findings: string[];
  /** The same, each naming the type, the connection and the Artifact; empty when satisfied. */
  reasons: string[];
}

export interface MappedEvidence {
  mapping: ArtifactMapping;
  /** The newest version per connection in scope; empty when none was collected. */
  versions: EvidenceVersion[];
  /** One per connection in scope, gaps included. */
  checks: EvidenceCheck[];
}

export interface ActionEvidence {
  action: ControlAction;
  evidence: MappedEvidence[];
}

export interface ActionJudgement {
  verdict: Verdict;
  satisfied: boolean;
  /** Why not, one line each; empty when satisfied. */
  reasons: string[];
  /** Not-evaluable subjects by reason, over the action's evidence. */
  notEvaluable: Record<string, number>;
}

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  const seen = new Set(verdicts);
  return VERDICTS.find((v) => seen.has(v)) ?? 'satisfied';
}

/** Each action of `control` with one check per connection in scope and mapped type, from the newest versions `latest`. */
export function actionEvidence(control: Control, latest: EvidenceVersion[], scope: JudgementScope): ActionEvidence[] {
  return control.actions.map((action) => ({
    action,
    evidence: action.artifacts.map((mapping) => {
      const versions = latest.filter((v) => v.type === mapping.type && scope.connections.some((c) => c.id === v.connectionId));
      const checks = scope.connections.map((connection) =>
        checkEvidence(
          mapping.type,
          connection,
          versions.find((v) => v.connectionId === connection.id),
          scope.lastRuns.get(connection.id),
          scope.asOf,
        ),
      );
      return { mapping, versions, checks };
    }),
  }));
}

/**
 * One connection's evidence of a type at `asOf`: satisfied only with a valid version without failing or not-evaluable
 * subjects; not satisfied when subjects failed; otherwise not evaluable, with the reason: nothing collected yet, a GET
 * permission the last run was denied, a failed collection, or only expired evidence.
 */
export function checkEvidence(
  type: string,
  connection: ScopeConnection,
  version: EvidenceVersion | undefined,
  lastRun: RunRecord | undefined,
  asOf: Date,
): EvidenceCheck {
  const check = { type, connection, version: version ?? null, failing: 0, excepted: 0, notEvaluable: {} as Record<string, number> };
  if (!version) {
    const gap = missingEvidence(type, lastRun);
    return {
      ...check,
      verdict: 'not_evaluable',
      gap,
      findings: [gap.detail],
      reasons: [`${connection.name}: no ${type} evidence was collected (${gap.detail})`],
    };
  }
  const { summary } = version.envelope;
  const findings: string[] = [];
  const results = summaryResults(summary);
  const failing = results?.fail ?? 0;
  const excepted = results?.excepted ?? 0;
  if (failing > 0) findings.push(`${failing} subject${failing === 1 ? '' : 's'} failed`);
  for (const gap of summary.coverage.gaps) {
    if (gap.count === 0) continue;
    // count null: an unknown number (records a denied source would have added); still a reason, never skipped.
    check.notEvaluable[gap.reason] = (check.notEvaluable[gap.reason] ?? 0) + (gap.count ?? 0);
    findings.push(`${gap.count ?? 'an unknown number of records'} not evaluable (${gap.reason})${gap.detail ? `: ${gap.detail}` : ''}`);
  }
  const stale = freshnessAt(version.collectedAt, version.expiresAt, asOf) === 'stale';
  // Expired evidence says nothing about now, whatever it found then.
  if (stale) findings.unshift(`expired at ${version.expiresAt}`);
  const verdict: Verdict = stale
    ? 'not_evaluable'
    : failing > 0
      ? 'not_satisfied'
      : findings.length > 0
        ? 'not_evaluable'
        : excepted > 0
          ? 'excepted'
          : 'satisfied';
  if (excepted > 0) {
    findings.push(`${excepted} subject${excepted === 1 ? '' : 's'} failed but ${excepted === 1 ? 'is' : 'are'} excepted (${exceptionsNamed(summary)})`);
  }
  const label = `${type} of ${connection.name} (${version.id})`;
  const reasons = findings.map((f) => `${label}: ${f}`);
  const gap = stale ? { reason: 'stale' as const, detail: findings[0]! } : null;
  return { ...check, failing, excepted, verdict, gap, findings, reasons };
}

/** The exceptions in force an Artifact lists, for a reason line: device, approver and last day of each. */
function exceptionsNamed(summary: EvidenceVersion['envelope']['summary']): string {
  const inForce = (summary.exceptions ?? []).filter((e) => e.status === 'in_force' && (e.records ?? 0) > 0);
  return inForce.map((e) => `${e.deviceId} approved by ${e.approver} until ${e.expiresOn}: ${e.justification}`).join('; ') || 'see the Artifact';
}

/** Why a connection has no version of `type`, from its newest finished run. */
function missingEvidence(type: string, lastRun: RunRecord | undefined): { reason: GapReason; detail: string } {
  const summary = lastRun?.summary;
  if (!lastRun || !summary) return { reason: 'not_collected', detail: 'no collection has finished for this connection yet' };
  const notEvaluable = summary.notEvaluable.find((n) => n.type === type);
  if (notEvaluable?.reason === 'permission_denied') {
    const denied = summary.sources.filter((s) => notEvaluable.sources.includes(s.name) && s.error?.code === 'permission_denied');
    const why = denied.map((s) => s.error!.message).join('; ') || `a GET permission was denied for ${notEvaluable.sources.join(', ')}`;
    return { reason: 'permission_denied', detail: `permission denied in the run of ${lastRun.startedAt}: ${why}` };
  }
  if (notEvaluable || summary.error) {
    const why = summary.error?.message ?? `${notEvaluable!.sources.join(', ')} could not be read (${notEvaluable!.reason})`;
    return { reason: 'collection_failed', detail: `the run of ${lastRun.startedAt} ended ${summary.status}: ${why}` };
  }
  return { reason: 'not_collected', detail: `the run of ${lastRun.startedAt} did not produce it` };
}

/**
 * An action over every connection in scope: not satisfied when any check failed subjects, not evaluable when any lacks
 * usable evidence or has unevaluated subjects or, given a timeline, was not fresh on every day of it; else satisfied.
 * OSCAL has no "partially" or "unknown": it reads not evaluable as not satisfied, with each reason spelled out.
 */
export function judgeAction(evidence: ActionEvidence, timeline?: TimelineRow[]): ActionJudgement {
  const checks = evidence.evidence.flatMap((e) => e.checks);
  const reasons = checks.flatMap((c) => c.reasons);
  const notEvaluable: Record<string, number> = {};
  for (const check of checks) for (const [reason, count] of Object.entries(check.notEvaluable)) notEvaluable[reason] = (notEvaluable[reason] ?? 0) + count;
  let verdict = worstVerdict(checks.map((c) => c.verdict));
  for (const { mapping } of evidence.evidence) {
    const row = timeline?.find((r) => r.label === mapping.type);
    if (row && row.gapDays + row.partialDays > 0) {
      reasons.push(
        `${mapping.type} evidence was missing for all or part of ${row.gapDays + row.partialDays} ` +
          `of ${row.days.filter((d) => d.state !== 'future').length} days`,
      );
      verdict = worstVerdict([verdict, 'not_evaluable']);
    }
  }
  return { verdict, satisfied: verdict === 'satisfied', reasons, notEvaluable };
}

/** The newest finished run of each connection among `runs`. */
export function lastFinishedRuns(runs: RunRecord[]): Map<string, RunRecord> {
  const last = new Map<string, RunRecord>();
  for (const run of runs) {
    if (!run.summary || !run.finishedAt) continue;
    const seen = last.get(run.connectionId);
    if (!seen || run.startedAt > seen.startedAt) last.set(run.connectionId, run);
  }
  return last;
}
