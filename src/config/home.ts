import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** The data directory: IRU_EVIDENCE_HOME, default ./.iru-evidence. Created on first use. */
export function evidenceHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = path.resolve(env.IRU_EVIDENCE_HOME || './.iru-evidence');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}
