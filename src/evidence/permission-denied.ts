import { FAILURES } from '../failures/index.js';

/**
 * Which Artifacts a run builds when sources were denied. Imports only the failure vocabulary (a leaf), so the workflow
 * can read it: an Artifact is built when each of its sources was collected or denied (a missing permission
 * is never a fail, the Artifact is still published, its records not evaluable, naming the permission).
 */

/** What these rules read of a source's outcome in the run. */
export interface SourceOutcomeStatus {
  status: string;
  error: { code: string } | null;
}

/** The source was not read because the API token lacks its GET permission. */
export function isPermissionDenied(outcome: SourceOutcomeStatus): boolean {
  return outcome.status === 'failed' && outcome.error?.code === FAILURES.permission_denied.code;
}

/** An Artifact is built from these sources when each was collected or denied (a denied source reads as no rows). */
export function canBuildFrom(outcomes: readonly SourceOutcomeStatus[]): boolean {
  return outcomes.every((outcome) => outcome.status === 'succeeded' || isPermissionDenied(outcome));
}
