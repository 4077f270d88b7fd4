import { reviewConnectionHealth as review, type HealthVerdict } from '../src/collector/connection-health.js';
import type { RunSummary } from '../src/store/index.js';
import type { ActivityDeps } from './deps.js';

export type { HealthVerdict } from '../src/collector/connection-health.js';

/** After a run: marks the connection needs_attention, or ok again, and pauses its schedule (src/collector/connection-health.ts). */
export function reviewConnectionHealth(deps: ActivityDeps) {
  return function reviewConnectionHealth(summary: RunSummary): Promise<HealthVerdict> {
    return review(deps, summary);
  };
}
