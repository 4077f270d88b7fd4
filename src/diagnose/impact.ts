/**
 * What a collection loses when one endpoint cannot be read, derived from the tables (endpoint catalog, artifact
 * definitions, framework catalog), never from a hand-kept list: the endpoint and the per-parent endpoints read
 * through it, the Artifacts built from any of them, and the control actions those Artifacts evidence.
 */
import { compareIds, controlActionsFor, loadFrameworkCatalog } from '../evidence/frameworks/index.js';
import { ARTIFACT_DEFINITIONS, type ArtifactDefinition } from '../evidence/index.js';
import { endpoint, SOURCE_NAMES } from '../iru/index.js';
import type { ControlActionRef, EvidenceImpact } from './types.js';

/** The source and every source read per row of it, transitively (alternative paths to a source carry no evidence of their own). */
export function dependentSources(source: string): string[] {
  const found = [source];
  for (let i = 0; i < found.length; i++) {
    for (const name of SOURCE_NAMES) if (endpoint(name).expand?.from === found[i] && !found.includes(name)) found.push(name);
  }
  return found;
}

export function evidenceImpact(
  source: string,
  kind: 'lost' | 'not_applicable',
  definitions: readonly ArtifactDefinition[] = ARTIFACT_DEFINITIONS,
): EvidenceImpact {
  const sources = dependentSources(source);
  const affected = definitions.filter((d) => d.sources.some((s) => sources.includes(s)));
  const frameworkNames = new Map(loadFrameworkCatalog().frameworks.map((f) => [f.id, f.name]));
  const seen = new Set<string>();
  const controlActions: ControlActionRef[] = [];
  for (const definition of affected) {
    for (const ref of controlActionsFor(definition.type)) {
      const key = `${ref.framework}\u0000${ref.action}`;
      if (seen.has(key)) continue;
      seen.add(key);
      controlActions.push({ ...ref, frameworkName: frameworkNames.get(ref.framework) ?? ref.framework });
    }
  }
  const artifacts = affected.map((d) => ({ type: d.type, title: d.title }));
  return {
    sources,
    artifacts,
    controlActions,
    summary: impactSentence(
      source,
      kind,
      sources,
      artifacts.map((a) => a.type),
      controlActions,
    ),
  };
}

function impactSentence(source: string, kind: 'lost' | 'not_applicable', sources: string[], types: string[], actions: ControlActionRef[]): string {
  const entry = endpoint(source);
  const through = sources.length > 1 ? ` (nor ${sources.slice(1).join(', ')}, read through it)` : '';
  if (kind === 'not_applicable') {
    if (!types.length) return `The tenant does not have ${entry.entitlement ?? 'this product'}; no Artifact is built from ${source} yet.`;
    return `The tenant does not have ${entry.entitlement ?? 'this product'}: ${list(types)} ${types.length === 1 ? 'is' : 'are'} not applicable, not failed.`;
  }
  const without = `Without "${entry.permission.label}"${through}`;
  if (!types.length) return `${without}: no Artifact is built from ${source} yet, so no control loses evidence today.`;
  return `${without}: ${list(types)} ${types.length === 1 ? 'is' : 'are'} not evaluable, so ${controlsByFramework(actions)} lose evidence.`;
}

/** "SOC 2 CC6.1, CC7.1; CIS v8 1.1": the controls, grouped by framework, in natural order. */
function controlsByFramework(actions: ControlActionRef[]): string {
  const groups = new Map<string, string[]>();
  for (const a of actions) {
    const controls = groups.get(a.frameworkName) ?? [];
    if (!controls.includes(a.control)) controls.push(a.control);
    groups.set(a.frameworkName, controls);
  }
  if (!groups.size) return 'no mapped control actions';
  return [...groups].map(([name, controls]) => `${name} ${controls.sort(compareIds).join(', ')}`).join('; ');
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
