import { loadFrameworkCatalog, type Control } from '../../evidence/frameworks/index.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { findFramework, typesOfControls } from '../../read-model/framework-lookup.js';
import type { Verdict } from '../../read-model/action-judgement.js';
import { currentEvidence, frameworkPosture } from '../../read-model/posture.js';
import type { Connection } from '../../store/index.js';
import type { WebContext } from '../context.js';
import { scopeView, type ScopeView } from './posture-view.js';
import { artifactSummary, connectionNames, type ArtifactSummaryView } from './artifact-summary.js';
import { sumCoverage, sumResults, tally, typeState, type StateTally, type TypeState } from './evidence-state.js';

/** Every current Artifact, summarised (envelopes only). */
export async function currentArtifacts(ctx: Pick<WebContext, 'store' | 'now'>): Promise<ArtifactSummaryView[]> {
  const names = await connectionNames(ctx.store);
  const now = ctx.now();
  return (await readVersions(ctx.store, { currentOnly: true })).map((v) => artifactSummary(v, names, now));
}

export interface FrameworkListItem {
  id: string;
  name: string;
  version: string;
  controls: number;
  verdict: Verdict;
  /** Controls per verdict, on the current evidence of the connections in scope. */
  counts: Record<Verdict, number>;
  /** Freshness over the framework's artifact types: a badge, not the verdict. */
  evidence: StateTally;
}

export async function frameworksView(ctx: WebContext, connection?: Connection): Promise<{ scope: ScopeView; frameworks: FrameworkListItem[] }> {
  const now = ctx.now();
  const evidence = await currentEvidence(ctx.store, connection, now);
  const names = await connectionNames(ctx.store);
  const current = evidence.current.map((v) => artifactSummary(v, names, now));
  return {
    scope: await scopeView(ctx, connection),
    frameworks: loadFrameworkCatalog().frameworks.map((f) => {
      const posture = frameworkPosture(f, evidence);
      return {
        id: f.id,
        name: f.name,
        version: f.version,
        controls: f.controls.length,
        verdict: posture.verdict,
        counts: posture.counts,
        evidence: tally(typesOfControls(f.controls).map((t) => typeState(t, current))),
      };
    }),
  };
}

export interface ControlListItem {
  id: string;
  title: string;
  actions: number;
  types: TypeState[];
  evidence: StateTally;
  results: ReturnType<typeof sumResults>;
  coverage: { evaluated: number; total: number };
}

export function controlListItem(control: Control, current: ArtifactSummaryView[]): ControlListItem {
  const types = typesOfControls([control]).map((t) => typeState(t, current));
  const own = current.filter((a) => types.some((t) => t.type === a.type));
  return {
    id: control.id,
    title: control.title,
    actions: control.actions.length,
    types,
    evidence: tally(types),
    results: sumResults(own),
    coverage: sumCoverage(own),
  };
}

export interface FrameworkView {
  framework: { id: string; name: string; version: string };
  scope: ScopeView;
  /** Controls per verdict, on the current evidence of the connections in scope. */
  counts: Record<Verdict, number>;
  controls: (ControlListItem & { verdict: Verdict })[];
}

export async function frameworkView(ctx: WebContext, frameworkId: string, connection?: Connection): Promise<FrameworkView> {
  const framework = findFramework(frameworkId);
  const now = ctx.now();
  const evidence = await currentEvidence(ctx.store, connection, now, typesOfControls(framework.controls));
  const names = await connectionNames(ctx.store);
  const current = evidence.current.map((v) => artifactSummary(v, names, now));
  const posture = frameworkPosture(framework, evidence);
  return {
    framework: { id: framework.id, name: framework.name, version: framework.version },
    scope: await scopeView(ctx, connection),
    counts: posture.counts,
    controls: posture.controls.map((c) => ({ ...controlListItem(c.control, current), verdict: c.verdict })),
  };
}
