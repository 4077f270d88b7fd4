import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { ERROR_TYPES } from '../failures/index.js';

/** The data folder cannot be made private: it belongs to another user. */
export class HomeUnsafeError extends Error {
  override readonly name = 'HomeUnsafeError';
  readonly code = ERROR_TYPES.homeUnsafe;
}

/**
 * The data directory: IRU_EVIDENCE_HOME, default ./.iru-evidence. Created on first use with mode 0700; an existing one
 * that group or others may enter is chmod-ed to 0700, and one owned by another user is refused (HomeUnsafeError).
 */
export function evidenceHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = path.resolve(env.IRU_EVIDENCE_HOME || './.iru-evidence');
  privateFolder(home);
  return home;
}

/**
 * `folder`, created with mode 0700 if missing, else made 0700 if group or others have any bit on it. It holds the password
 * hashes, the CSRF secret, the token key and all evidence: its mode is what keeps other local users out of them.
 */
export function privateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = statSync(folder);
  if (!stat.isDirectory()) throw new HomeUnsafeError(`The data folder ${folder} is not a folder: set IRU_EVIDENCE_HOME to a folder of your own`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new HomeUnsafeError(
      `The data folder ${folder} belongs to user ${stat.uid}, not to this user (${uid}): it holds the password hashes, the token key and all ` +
        'evidence, so it must be your own. Set IRU_EVIDENCE_HOME to a folder of your own, or a path that does not exist yet.',
    );
  }
  // The umask may have taken bits away from 0700 at creation; it never adds any, so only group/other bits need removing.
  if (stat.mode & 0o077) chmodSync(folder, stat.mode & 0o700);
}

/**
 * Makes `file` readable and writable by its owner only: created empty with mode 0600 when `create` and missing, chmod-ed
 * to 0600 (group and other bits removed) when it exists. For files that another program (SQLite, Temporal) opens after us.
 */
export function privateFile(file: string, { create = false } = {}): void {
  if (create) {
    try {
      closeSync(openSync(file, 'wx', 0o600));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (mode & 0o077) chmodSync(file, mode & 0o600);
}
