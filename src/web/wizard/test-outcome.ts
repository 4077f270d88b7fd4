/**
 * What the wizard's test step says about a diagnosis: its heading and the status line beside the Test button, both
 * from the verdict, so that a test with problems is never called passed.
 */
import type { Diagnosis } from '../../diagnose/index.js';

export interface TestOutcome {
  heading: string;
  status: string;
}

const FAILED = 'Test failed: nothing can be saved until it passes.';

export function testOutcome(d: Diagnosis): TestOutcome {
  const warnings = d.problems.filter((p) => p.severity === 'warning').length;
  switch (d.verdict) {
    case 'healthy':
      return { heading: 'Connection test passed', status: 'Test passed: you can save this connection.' };
    case 'warnings':
      return { heading: 'Connection test passed', status: `Test passed with ${warnings} warning(s): you can save this connection.` };
    case 'problems':
      return {
        heading: 'Connection test: problems',
        status: d.canSave ? 'Problems found: you can save this connection, but its evidence stays incomplete until they are fixed.' : FAILED,
      };
    case 'token_rejected':
      return { heading: 'Connection test failed: token rejected', status: FAILED };
    case 'unreachable':
      return { heading: 'Connection test failed: host unreachable', status: FAILED };
  }
}
