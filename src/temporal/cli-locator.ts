import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { ERROR_TYPES } from '../failures/index.js';

/** The newest Temporal CLI tag whose go.mod has no `replace`, so `go install` works. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export class TemporalCliNotFoundError extends Error {
  override readonly name = 'TemporalCliNotFoundError';
  readonly code = ERROR_TYPES.temporalCliNotFound;
}

export interface LocatedCli {
  path: string;
  source: 'TEMPORAL_CLI' | 'PATH' | 'go-bin' | 'go-install';
}

/**
 * Finds the Temporal CLI in the order the README gives: TEMPORAL_CLI, `temporal` on PATH, the Go bin folder,
 * then `go install` of the pinned tag. Returns undefined when none works, so the caller may fall back to the SDK download.
 */
export function locateTemporalCli(env: NodeJS.ProcessEnv = process.env, log: (msg: string) => void = () => {}): LocatedCli | undefined {
  if (env.TEMPORAL_CLI) {
    if (!isExecutable(env.TEMPORAL_CLI)) throw new TemporalCliNotFoundError(`TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file`);
    return { path: env.TEMPORAL_CLI, source: 'TEMPORAL_CLI' };
  }
  const onPath = findOnPath('temporal', env.PATH ?? '');
  if (onPath) return { path: onPath, source: 'PATH' };
  const goBin = goBinDir(env);
  if (goBin && isExecutable(path.join(goBin, 'temporal'))) return { path: path.join(goBin, 'temporal'), source: 'go-bin' };
  if (!goBin) return undefined;
  log(`Installing the Temporal CLI with 'go install ${TEMPORAL_CLI_MODULE}' (a few minutes, once)`);
  try {
    execFileSync('go', ['install', TEMPORAL_CLI_MODULE], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch {
    return undefined;
  }
  const installed = path.join(goBin, 'temporal');
  return isExecutable(installed) ? { path: installed, source: 'go-install' } : undefined;
}

function goBinDir(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const gobin = execFileSync('go', ['env', 'GOBIN'], { encoding: 'utf8', env }).trim();
    if (gobin) return gobin;
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', env }).trim().split(path.delimiter)[0];
    return gopath ? path.join(gopath, 'bin') : undefined;
  } catch {
    return undefined;
  }
}

function findOnPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
