import type { Runtime } from '../runtime.js';

/** Before the embedded Temporal server starts (some seconds): a line on a terminal, so the wait is not silent. */
export function sayStartingTemporal(rt: Runtime, quiet = false): void {
  if (!quiet && rt.config.mode === 'embedded' && process.stderr.isTTY) process.stderr.write('Starting Temporal…\n');
}
