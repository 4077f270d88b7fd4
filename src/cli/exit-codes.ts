import { EXIT_CODES } from '../failures/index.js';

/** Exit codes of every iru-evidence command: the failure vocabulary's. */
export const EXIT = EXIT_CODES;

/** An error a command reports to the user as is, with the exit code it deserves. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
  ) {
    super(message);
  }
}
