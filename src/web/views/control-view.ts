import type { GapReason, Verdict } from '../../read-model/action-judgement.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { auditPeriod, periodBounds } from '../../read-model/audit-period.js';
import { findControl, findFramework, typesOfControls } from '../../read-model/framework-lookup.js';
import { controlPosture, currentEvidence } from '../../read-model/posture.js';
import { gapRanges, type GapRange } from '../../read-model/gap-ranges.js';
import { freshnessTimeline, type TimelineRow } from '../../read-model/timeline.js';
import { bucketTimeline, type BucketedTimeline } from '../../read-model/timeline-buckets.js';
import type { Connection } from '../../store/index.js';
import type { WebContext } from '../context.js';
import { artifactSummary, connectionNames, type ArtifactSummaryView } from './artifact-summary.js';
import { controlListItem, type ControlListItem } from './catalog-views.js';
import { scopeView, type ScopeView } from './posture-view.js';

/** One connection's evidence of one mapped type: its current Artifact, or a gap row saying why there is none. */
export interface CheckView {
  connection: { id: string; name: string };
  verdict: Verdict;
  failing: number;
  artifact: ArtifactSummaryView | null;
  gap: { reason: GapReason; detail: string } | null;
  /** What keeps it from being satisfied, in a few words each. */
  findings: string[];
}

export interface ActionView {
  id: string;
  description: string;
  /** Judged now, on the current Artifacts of every connection in scope. */
  verdict: Verdict;
  satisfied: boolean;
  reasons: string[];
  evidence: { type: string; coverage: 'full' | 'partial'; note: string | null; artifacts: ArtifactSummaryView[]; checks: CheckView[] }[];
}

export interface ControlView {
  framework: { id: string; name: string; version: string };
  control: ControlListItem & { verdict: Verdict };
  scope: ScopeView;
  period: { from: string; to: string; days: number };
  actions: ActionView[];
  /** Per day, per artifact type and for all of them. */
  timeline: TimelineRow[];
  /** The same days grouped as the page draws them: per day, ISO week or month by the period's length. */
  timelineBuckets: BucketedTimeline;
  /** The timeline's partial and gap days merged into ranges of one row, state and cause. */
  gapRanges: GapRange[];
}

/** A control's actions judged on the current evidence of each connection in scope, and its freshness day by day over the audit window. */
export async function controlView(
  ctx: WebContext,
  ids: { framework: string; control: string },
  window: { from?: string; to?: string },
  connection?: Connection,
): Promise<ControlView> {
  const framework = findFramework(ids.framework);
  const control = findControl(framework, ids.control);
  const now = ctx.now();
  const period = auditPeriod(window.from, window.to, now);
  const types = typesOfControls([control]);
  const names = await connectionNames(ctx.store);
  const evidence = await currentEvidence(ctx.store, connection, now, types);
  const summaries = new Map(evidence.current.map((v) => [v.id, artifactSummary(v, names, now)]));
  const posture = controlPosture(control, evidence);
  const inPeriod = await readVersions(ctx.store, { types, connectionId: connection?.id, ...periodBounds(period) });
  const runs = await ctx.store.findRuns({ connectionId: connection?.id, startedFrom: period.start.toISOString(), startedTo: period.end.toISOString() });
  const timeline = freshnessTimeline(period, types, inPeriod, runs, now);
  return {
    framework: { id: framework.id, name: framework.name, version: framework.version },
    control: { ...controlListItem(control, [...summaries.values()]), verdict: posture.verdict },
    scope: await scopeView(ctx, connection),
    period: { from: period.from, to: period.to, days: period.days },
    actions: posture.actions.map(({ action, evidence: mapped, judgement }) => ({
      id: action.id,
      description: action.description,
      verdict: judgement.verdict,
      satisfied: judgement.satisfied,
      reasons: judgement.reasons,
      evidence: mapped.map((e) => ({
        type: e.mapping.type,
        coverage: e.mapping.coverage,
        note: e.mapping.note ?? null,
        artifacts: e.versions.map((v) => summaries.get(v.id)!),
        checks: e.checks.map((c) => ({
          connection: c.connection,
          verdict: c.verdict,
          failing: c.failing,
          artifact: c.version ? summaries.get(c.version.id)! : null,
          gap: c.gap,
          findings: c.findings,
        })),
      })),
    })),
    timeline,
    timelineBuckets: bucketTimeline(timeline),
    gapRanges: gapRanges(timeline),
  };
}
