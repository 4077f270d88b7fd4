import { loadFrameworkCatalog, type Control } from '../../evidence/frameworks/index.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { findFramework, typesOfControls } from '../../read-model/framework-lookup.js';
import type { WebContext } from '../context.js';
import { artifactSummary, connectionNames, type ArtifactSummaryView } from './artifact-summary.js';
import { sumCoverage, sumResults, tally, typeState, type StateTally, type TypeState } from './evidence-state.js';

/** Every current Artifact, summarised (envelopes only). */
export async function currentArtifacts(ctx: WebContext): Promise<ArtifactSummaryView[]> {
  const names = await connectionNames(ctx.store);
  const now = ctx.now();
  return (await readVersions(ctx.store, { currentOnly: true })).map((v) => artifactSummary(v, names, now));
}

export interface FrameworkListItem {
  id: string;
  name: string;
  version: string;
  controls: number;
  /** Over the framework's artifact types. */
  evidence: StateTally;
}

export async function frameworksView(ctx: WebContext): Promise<{ frameworks: FrameworkListItem[] }> {
  const current = await currentArtifacts(ctx);
  return {
    frameworks: loadFrameworkCatalog().frameworks.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      controls: f.controls.length,
      evidence: tally(typesOfControls(f.controls).map((t) => typeState(t, current))),
    })),
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

export async function frameworkView(ctx: WebContext, frameworkId: string) {
  const framework = findFramework(frameworkId);
  const current = await currentArtifacts(ctx);
  return {
    framework: { id: framework.id, name: framework.name, version: framework.version },
    controls: framework.controls.map((c) => controlListItem(c, current)),
  };
}
