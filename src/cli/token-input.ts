import { readFileSync } from 'node:fs';
import { tokenProblem } from '../diagnose/input.js';
import { CliError } from './exit-codes.js';

export const TOKEN_ENV = 'IRU_API_TOKEN';

/**
 * Reads the API token from a file (`-` = stdin) or from IRU_API_TOKEN; never from argv.
 * One trailing newline, as editors and `echo` write it, is dropped; anything else malformed is refused.
 */
export function readToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let raw: string;
  let origin: string;
  if (tokenFile) {
    // The token itself given as the file name: it is now in argv and the shell history, and must not be echoed further.
    if (tokenProblem(tokenFile, '--token-file') === undefined) {
      throw new CliError(
        '--token-file takes the path of a file holding the API token, not the token itself; the token is now in your shell history: consider ' +
          'rotating it (iru-evidence connect --rotate-token)',
      );
    }
    origin = tokenFile === '-' ? 'standard input' : `the token file ${tokenFile}`;
    try {
      raw = readFileSync(tokenFile === '-' ? 0 : tokenFile, 'utf8');
    } catch (error) {
      throw new CliError(`Cannot read ${origin}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    raw = raw.replace(/\r?\n$/, '');
  } else if (env[TOKEN_ENV]) {
    origin = `the ${TOKEN_ENV} environment variable`;
    raw = env[TOKEN_ENV]!;
  } else {
    return undefined;
  }
  return validateToken(raw, origin);
}

export function validateToken(raw: string, origin: string): string {
  const problem = tokenProblem(raw, origin);
  if (problem) throw new CliError(problem);
  return raw;
}
