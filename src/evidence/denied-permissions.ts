import { deniedRouteName, describePermission, endpoint, type DeniedRouteSource } from '../iru/index.js';
import type { BuildContext, RunSourceOutcome } from './artifact-definition.js';
import { isPermissionDenied } from './permission-denied.js';

/**
 * The GET permissions an Artifact's build lacks, as the token screen names them (`describePermission`): for each of its
 * sources that was denied, the permission of the endpoint Iru refused. A per-parent source denied along with its parent
 * names the parent's permission; a source whose denied route was refused too names both.
 */
export function deniedPermissions(sources: readonly string[], outcomes: readonly RunSourceOutcome[]): string[] {
  const byName = new Map(outcomes.map((o) => [o.name, o]));
  const denied = (name: string) => {
    const outcome = byName.get(name);
    return outcome !== undefined && isPermissionDenied(outcome);
  };
  const refused = new Set<string>();
  for (const source of sources.filter(denied)) {
    const outcome = byName.get(source)!;
    const route = endpoint(source).onDenied;
    if (route && outcome.via === deniedRouteName(route)) {
      refused.add(source).add(route.endpoint);
      continue;
    }
    let name = source;
    for (let parent = endpoint(outcome.via ?? name).expand?.from; parent && denied(parent); parent = endpoint(parent).expand?.from) name = parent;
    refused.add(name);
  }
  return [...refused].sort().map((name) => describePermission(endpoint(name)));
}

/** The coverage-gap text of an Artifact built without these permissions. */
export function deniedDetail(permissions: readonly string[]): string {
  return (
    `not collected: the API token lacks the GET permission ${permissions.join(' and ')}; enable it in Iru (Access > API tokens) and the next ` +
    `collection evaluates these subjects`
  );
}

/** The source was read through the catalog's route for its denied permission (its rows are that route's). */
export function readThroughDeniedRoute(context: BuildContext, source: DeniedRouteSource): boolean {
  const route = endpoint(source).onDenied;
  return route !== undefined && context.run?.sources.find((s) => s.name === source)?.via === deniedRouteName(route);
}
