import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import { collectSources as collect, keepAliveMs, type Checkpoints, type CollectSourcesInput } from '../src/collector/collect-sources.js';
import type { SourceOutcome } from '../src/store/index.js';
import type { ActivityDeps } from './deps.js';

/**
 * All of a run's sources in one activity (src/collector/collect-sources.ts). The checkpoints go in the heartbeat, so a
 * retry, or another worker after a crash, resumes from the last one; sources that may get through another time make the
 * attempt fail with SOURCES_TO_RETRY and the backoff as its next retry delay.
 */
export function collectSources(deps: ActivityDeps) {
  return function collectSources(input: CollectSourcesInput): Promise<SourceOutcome[]> {
    const info = activityInfo();
    return collect(deps, input, {
      attempt: info.attempt,
      checkpoints: info.heartbeatDetails as Checkpoints | undefined,
      heartbeat: (checkpoints) => heartbeat(checkpoints),
      keepAliveMs: keepAliveMs(info.heartbeatTimeoutMs),
      signal: cancellationSignal(),
    });
  };
}
