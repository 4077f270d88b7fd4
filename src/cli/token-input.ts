import { readFileSync } from 'node:fs';
import { CliError } from './exit-codes.js';

export const TOKEN_ENV = 'IRU_API_TOKEN';
const UUID = /^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;

/**
 * Reads the API token from a file (`-` = stdin) or from IRU_API_TOKEN; never from argv.
 * One trailing newline, as editors and `echo` write it, is dropped; anything else malformed is refused.
 */
export function readToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let raw: string;
  let origin: string;
  if (tokenFile) {
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
  if (raw.length === 0) throw new CliError(`The API token in ${origin} is empty`);
  if (/^\s|\s$/.test(raw)) throw new CliError(`The API token in ${origin} has leading or trailing whitespace; paste the token alone`);
  if (/^bearer\s/i.test(raw)) throw new CliError(`The API token in ${origin} starts with "Bearer": paste the token alone, without the "Bearer " prefix`);
  if (!UUID.test(raw)) {
    throw new CliError(`The API token in ${origin} is not an Iru API token: Iru tokens are UUIDs (8-4-4-4-12 hexadecimal digits), as shown once when created under Access > API tokens`);
  }
  return raw;
}
