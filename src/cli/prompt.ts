import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { CliError } from './exit-codes.js';

/** Questions and answers on a terminal or scripted streams; secrets are read without echo on a terminal. */
export interface Prompter {
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  say(text: string): void;
  close(): void;
}

export function createPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const terminal = Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  let muted = false;
  // readline echoes what is typed through this stream; while a secret is read, the echo goes nowhere.
  const echo = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) output.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input, output: echo, terminal });
  rl.on('SIGINT', () => rl.close());
  // Lines are buffered from the start, so scripted input written ahead of the questions is not lost.
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question, options = {}) {
      output.write(question);
      muted = Boolean(options.secret) && terminal;
      try {
        const next = await lines.next();
        if (next.done) throw new CliError('The input ended before the wizard finished; nothing was saved');
        return next.value;
      } finally {
        if (muted) output.write('\n');
        muted = false;
      }
    },
    say(text) {
      output.write(`${text}\n`);
    },
    close() {
      rl.close();
    },
  };
}

export type Verdict<T> = { ok: true; value: T } | { ok: false; message: string };

/** Asks until `check` accepts the answer, saying why each refused answer is wrong; gives up after `attempts`. */
export async function askValid<T>(
  prompter: Prompter,
  question: string,
  check: (answer: string) => Verdict<T> | Promise<Verdict<T>>,
  options: { secret?: boolean; attempts?: number } = {},
): Promise<T> {
  let last = '';
  for (let attempt = 0; attempt < (options.attempts ?? 3); attempt++) {
    const result = await check(await prompter.ask(question, options));
    if (result.ok) return result.value;
    last = result.message;
    prompter.say(`  ${last}`);
  }
  throw new CliError(`${last}; nothing was saved`);
}
