import { fail, notApplicable, notEvaluable, pass, type Evaluation } from './evaluation.js';

/**
 * What each library-item status Iru reports (test/contract/fixtures/library-item-status.json) means as evidence.
 * - pass: PASS and the profile status `success`; REMEDIATED too, because the agent found drift and put the
 *   item back into its required state, which is what the control asks for.
 * - fail: ERROR and the profile status `failed`; WARNING (a failing check whose alert is muted) as well, since
 *   muting an alert does not make the setting compliant.
 * - not_evaluable, transient: statuses that are still changing (PENDING, pending, INSTALLING, DOWNLOADING, CACHED,
 *   CHANGE_PENDING); the next collection will see the outcome.
 * - not_applicable: EXCLUDED (scoped out of the device by a rule), INCOMPATIBLE (cannot run on the platform) and
 *   AVAILABLE (offered in Self Service, not required).
 * Any other status is not_evaluable, unknown_value: Iru said something this collector does not know how to judge
 * (the record keeps the status as sent).
 */
const STATUS_RESULTS: Readonly<Record<string, 'pass' | 'fail' | 'transient' | 'not_applicable'>> = {
  PASS: 'pass',
  success: 'pass',
  REMEDIATED: 'pass',
  ERROR: 'fail',
  failed: 'fail',
  WARNING: 'fail',
  PENDING: 'transient',
  pending: 'transient',
  INSTALLING: 'transient',
  DOWNLOADING: 'transient',
  CACHED: 'transient',
  CHANGE_PENDING: 'transient',
  EXCLUDED: 'not_applicable',
  INCOMPATIBLE: 'not_applicable',
  AVAILABLE: 'not_applicable',
};

export function evaluateLibraryItemStatus(status: string): Evaluation {
  const reason = `status_${status.toLowerCase()}`;
  switch (Object.hasOwn(STATUS_RESULTS, status) ? STATUS_RESULTS[status] : undefined) {
    case 'pass':
      return pass();
    case 'fail':
      return fail([reason]);
    case 'transient':
      return notEvaluable('transient');
    case 'not_applicable':
      return notApplicable(reason);
    default:
      return notEvaluable('unknown_value');
  }
}
