import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs with levels (LOG_LEVEL, default info) on stderr, so stdout stays clean for --json output.
 * Authorization headers and token fields are censored wherever they appear.
 */
export function createLogger(bindings: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env, destination?: DestinationStream): Logger {
  return pino(
    {
      level: env.LOG_LEVEL ?? 'info',
      base: { service: 'iru-evidence', ...bindings },
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
