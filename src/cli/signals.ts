/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export interface InterruptWatch {
  /** Resolves on the first SIGINT (Ctrl-C) or SIGTERM. */
  readonly signal: Promise<NodeJS.Signals>;
  readonly interrupted: boolean;
  dispose(): void;
}

/**
 * Catches Ctrl-C (and SIGTERM) for a command that must tidy up before it exits; a second one exits at once with
 * `forcedExitCode`, for when the tidying up hangs.
 */
export function watchInterrupt(forcedExitCode: number): InterruptWatch {
  let interrupted = false;
  let resolve!: (signal: NodeJS.Signals) => void;
  const signal = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const on = (received: NodeJS.Signals) => {
    if (interrupted) process.exit(forcedExitCode);
    interrupted = true;
    resolve(received);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    signal,
    get interrupted() {
      return interrupted;
    },
    dispose() {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}
