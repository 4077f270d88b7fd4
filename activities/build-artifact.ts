import { heartbeat } from '@temporalio/activity';
import type { ArtifactRef } from '../src/collector/run-summary.js';
import { buildArtifact as build, type BuildArtifactInput } from '../src/evidence/artifact-build.js';
import type { ActivityDeps } from './deps.js';

export type { BuildArtifactInput } from '../src/evidence/artifact-build.js';

/**
 * Builds one Artifact from the run's stored pages (src/evidence/artifact-build.ts). It heartbeats per page read, so
 * Temporal tells a long build from a dead worker (the SDK throttles what it sends).
 */
export function buildArtifact(deps: ActivityDeps) {
  return function buildArtifact(input: BuildArtifactInput): Promise<ArtifactRef> {
    return build({ store: deps.store, logger: deps.logger, heartbeat: () => heartbeat() }, input);
  };
}
