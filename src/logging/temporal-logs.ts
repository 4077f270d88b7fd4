import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from './logger.js';

let installed = false;

/** Routes the Temporal SDK's own logs into our structured log at warn level and above (once per process). */
export function routeTemporalLogs(logger: Logger): void {
  if (installed) return;
  installed = true;
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const fields = { component: 'temporal', ...(entry.meta ?? {}) };
      if (entry.level === 'ERROR') logger.error(fields, entry.message);
      else if (entry.level === 'WARN') logger.warn(fields, entry.message);
      else logger.debug(fields, entry.message);
    }),
  });
}
