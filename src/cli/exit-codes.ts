/** Exit codes of every iru-evidence command. */
export const EXIT = {
  /** Done; for `collect`, the run succeeded or was partial. */
  OK: 0,
  /** The collection ran and failed. */
  RUN_FAILED: 1,
  /** Bad flags or input; nothing was changed. */
  USAGE: 2,
  /** Iru rejected the API token (401). */
  UNAUTHORIZED: 3,
  /** Temporal, the store or the environment is not usable. */
  ENVIRONMENT: 4,
} as const;

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
