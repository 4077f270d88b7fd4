// `iru-evidence ...args` as a child process, from the sources (as bin/iru-evidence.js runs dist/).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliEntry = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout then stderr. */
  output(): string;
  done: Promise<CliResult>;
}

/** Starts the CLI with exactly `env`; killed, and `done` rejected, after `timeoutMs`. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`iru-evidence ${args.join(' ')} did not finish within ${timeoutMs} ms: ${stderr.slice(-500)}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, output: () => `${stdout}\n${stderr}`, done };
}
