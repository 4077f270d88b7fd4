import { actionEvidence, judgeAction } from '../../read-model/action-judgement.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { auditPeriod, periodBounds } from '../../read-model/audit-period.js';
import { findControl, findFramework, typesOfControls } from '../../read-model/framework-lookup.js';
import { freshnessTimeline, type TimelineRow } from '../../read-model/timeline.js';
import type { WebContext } from '../context.js';
import { artifactSummary, connectionNames, type ArtifactSummaryView } from './artifact-summary.js';
import { controlListItem, type ControlListItem } from './catalog-views.js';

export interface ActionView {
  id: string;
  description: string;
  /** Judged now, on the current Artifacts. */
  satisfied: boolean;
  reasons: string[];
  evidence: { type: string; coverage: 'full' | 'partial'; note: string | null; artifacts: ArtifactSummaryView[] }[];
}

export interface ControlView {
  framework: { id: string; name: string; version: string };
  control: ControlListItem;
  period: { from: string; to: string; days: number };
  actions: ActionView[];
  timeline: TimelineRow[];
}

/** A control's actions with their current evidence, and its freshness day by day over the audit window. */
export async function controlView(ctx: WebContext, frameworkId: string, controlId: string, window: { from?: string; to?: string }): Promise<ControlView> {
  const framework = findFramework(frameworkId);
  const control = findControl(framework, controlId);
  const now = ctx.now();
  const period = auditPeriod(window.from, window.to, now);
  const types = typesOfControls([control]);
  const names = await connectionNames(ctx.store);
  const current = await readVersions(ctx.store, { currentOnly: true, types });
  const summaries = new Map(current.map((v) => [v.id, artifactSummary(v, names, now)]));
  const inPeriod = await readVersions(ctx.store, { types, ...periodBounds(period) });
  const runs = await ctx.store.findRuns({ startedFrom: period.start.toISOString(), startedTo: period.end.toISOString() });
  return {
    framework: { id: framework.id, name: framework.name, version: framework.version },
    control: controlListItem(control, [...summaries.values()]),
    period: { from: period.from, to: period.to, days: period.days },
    actions: actionEvidence(control, current).map((action) => {
      const judgement = judgeAction(action, now);
      return {
        id: action.action.id,
        description: action.action.description,
        satisfied: judgement.satisfied,
        reasons: judgement.reasons,
        evidence: action.evidence.map((e) => ({
          type: e.mapping.type,
          coverage: e.mapping.coverage,
          note: e.mapping.note ?? null,
          artifacts: e.versions.map((v) => summaries.get(v.id)!),
        })),
      };
    }),
    timeline: freshnessTimeline(period, types, inPeriod, runs, now),
  };
}
