import path from 'node:path';
import { evidenceHome } from '../config/home.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { TokenCipher } from './token-cipher.js';
import type { EvidenceStore } from './types.js';

export * from './types.js';
export { TokenCipher, tokenFingerprint } from './token-cipher.js';

/** Opens the store the environment points at: the SQLite file under the data dir. */
export function openStore(env: NodeJS.ProcessEnv = process.env): EvidenceStore {
  const home = evidenceHome(env);
  return new SqliteStore(path.join(home, 'evidence.sqlite'), TokenCipher.fromEnvironment(home, env));
}
