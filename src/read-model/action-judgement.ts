import type { ArtifactMapping, ControlAction, Control } from '../evidence/frameworks/index.js';
import type { EvidenceVersion } from './artifact-envelope.js';
import { freshnessAt } from './freshness.js';
import { summaryResults } from './record-results.js';
import type { TimelineRow } from './timeline.js';

export interface MappedEvidence {
  mapping: ArtifactMapping;
  /** The newest version per connection in scope; empty when none was collected. */
  versions: EvidenceVersion[];
}

export interface ActionEvidence {
  action: ControlAction;
  evidence: MappedEvidence[];
}

export interface ActionJudgement {
  satisfied: boolean;
  /** Why not, one line each; empty when satisfied. */
  reasons: string[];
  /** Not-evaluable subjects by reason, over the action's evidence. */
  notEvaluable: Record<string, number>;
}

export function actionEvidence(control: Control, latest: EvidenceVersion[]): ActionEvidence[] {
  return control.actions.map((action) => ({
    action,
    evidence: action.artifacts.map((mapping) => ({ mapping, versions: latest.filter((v) => v.type === mapping.type) })),
  }));
}

/**
 * Satisfied only when every mapped artifact type has evidence, valid at `asOf`, without failing or not-evaluable
 * subjects and, when a timeline is given, fresh on every day of it. Anything less is not satisfied, with each
 * reason spelled out: OSCAL has no "partially" or "unknown".
 */
export function judgeAction(evidence: ActionEvidence, asOf: Date, timeline?: TimelineRow[]): ActionJudgement {
  const reasons: string[] = [];
  const notEvaluable: Record<string, number> = {};
  for (const { mapping, versions } of evidence.evidence) {
    if (versions.length === 0) {
      reasons.push(`no ${mapping.type} evidence was collected`);
      continue;
    }
    for (const version of versions) {
      const { summary } = version.envelope;
      const label = `${mapping.type} (${version.id})`;
      if (freshnessAt(version.collectedAt, version.expiresAt, asOf) === 'stale') reasons.push(`${label} expired at ${version.expiresAt}`);
      const fails = summaryResults(summary)?.fail ?? 0;
      if (fails > 0) reasons.push(`${label}: ${fails} subject${fails === 1 ? '' : 's'} failed`);
      for (const gap of summary.coverage.gaps) {
        if (gap.count === 0) continue;
        // count null: an unknown number (records a denied source would have added); still a reason, never skipped.
        notEvaluable[gap.reason] = (notEvaluable[gap.reason] ?? 0) + (gap.count ?? 0);
        reasons.push(`${label}: ${gap.count ?? 'an unknown number of records'} not evaluable (${gap.reason})${gap.detail ? `: ${gap.detail}` : ''}`);
      }
    }
    const row = timeline?.find((r) => r.label === mapping.type);
    if (row && row.gapDays + row.partialDays > 0) {
      reasons.push(
        `${mapping.type} evidence was missing for all or part of ${row.gapDays + row.partialDays} ` +
          `of ${row.days.filter((d) => d.state !== 'future').length} days`,
      );
    }
  }
  return { satisfied: reasons.length === 0, reasons, notEvaluable };
}
