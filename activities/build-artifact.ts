import { heartbeat } from '@temporalio/activity';
import type { EventWindow } from '../src/evidence/evidence-period.js';
import type { ArtifactRef, SourceOutcome } from '../src/store/index.js';
import { CONNECTOR_VERSION } from '../src/collector/version.js';
import { buildArtifact as build } from '../src/evidence/artifact-build.js';
import type { ActivityDeps } from './deps.js';

export interface BuildArtifactInput {
  connectionId: string;
  runId: string;
  type: string;
  /** The outcomes of the sources it is built from, or of every source for an Artifact about the run (src/evidence/artifact-build.ts). */
  sources: SourceOutcome[];
  /** An Artifact of events: the window the run was planned with. */
  window?: EventWindow;
}

/**
 * Builds one Artifact from the run's stored pages (src/evidence/artifact-build.ts). It heartbeats per page read, so
 * Temporal tells a long build from a dead worker (the SDK throttles what it sends).
 */
export function buildArtifact(deps: ActivityDeps) {
  return function buildArtifact(input: BuildArtifactInput): Promise<ArtifactRef> {
    return build({ store: deps.store, logger: deps.logger, connectorVersion: CONNECTOR_VERSION, heartbeat: () => heartbeat() }, input);
  };
}
