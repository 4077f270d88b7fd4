import { withFailureTypes } from './activity-failure.js';
import { buildArtifact } from './build-artifact.js';
import { collectSources } from './collect-sources.js';
import type { ActivityDeps } from './deps.js';
import { planCollection } from './plan-collection.js';
import { publishRun } from './publish-run.js';
import { reviewConnectionHealth } from './review-connection-health.js';

export type { ActivityDeps } from './deps.js';

/** The activities of one worker, bound to its store and logger. Workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return withFailureTypes({
    planCollection: planCollection(deps),
    collectSources: collectSources(deps),
    buildArtifact: buildArtifact(deps),
    publishRun: publishRun(deps),
    reviewConnectionHealth: reviewConnectionHealth(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
