import { cancellationSignal } from '@temporalio/activity';
import { planCollection as plan, type CollectionPlan, type PlanInput } from '../src/collector/plan-collection.js';
import type { ActivityDeps } from './deps.js';

/** Records the run and decides what to read (src/collector/plan-collection.ts); stops counting when cancelled. */
export function planCollection(deps: ActivityDeps) {
  return function planCollection(input: PlanInput): Promise<CollectionPlan> {
    return plan(deps, input, cancellationSignal());
  };
}
