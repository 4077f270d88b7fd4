import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PTY_RUN = fileURLToPath(new URL('./pty-run.py', import.meta.url));

export interface TerminalRun {
  /** What the terminal showed, with carriage returns, line erasures and colours as written. */
  output: string;
  code: number;
  /** Seconds from the start to the Ctrl-C, when one was typed. */
  interruptedAt: number | null;
  elapsed: number;
}

/**
 * Runs `command` on a real pseudo-terminal (Python's pty module), so that it sees a TTY on stdin, stdout and stderr as
 * in a person's shell; types Ctrl-C once `interruptOn` matches what it has shown.
 */
export function runInTerminal(command: string[], env: NodeJS.ProcessEnv, options: { timeoutS?: number; interruptOn?: RegExp } = {}): Promise<TerminalRun> {
  const args = [PTY_RUN, String(options.timeoutS ?? 120), options.interruptOn?.source ?? '', '--', ...command];
  return new Promise((resolve, reject) =>
    execFile('python3', args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error && !stdout) return reject(error);
      resolve(JSON.parse(stdout) as TerminalRun);
    }),
  );
}

/** The lines a person reads: progress frames (overwritten with \r and erase-line) and colours removed, blank lines dropped. */
export function shownLines(output: string): string[] {
  return output
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .map((line) => line.split('\r').at(-1)!.trimEnd())
    .filter((line) => line.trim() !== '');
}
