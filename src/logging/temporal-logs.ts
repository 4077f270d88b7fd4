import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from './logger.js';

let installed = false;

/**
 * Warnings of the SDK that are no news: an activity finishing just after its run was cancelled (an ordinary race), and a
 * collection that failed, which its stored run summary reports with its diagnosis (the activity failures inside it are
 * kept at warn).
 */
const EXPECTED = /^(Activity not found on completion|Workflow failed)/;

/** Routes the Temporal SDK's own logs into our structured log at warn level and above (once per process). */
export function routeTemporalLogs(logger: Logger): void {
  if (installed) return;
  installed = true;
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({
    // The commands decide what SIGINT and SIGTERM do (collect: the run goes on; worker: drain), not the SDK.
    shutdownSignals: [],
    // The SDK core's own logs too (else printed straight to the terminal, task tokens and all).
    telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
    logger: new DefaultLogger(level, (entry) => {
      // A task token is an opaque capability to complete the task, of no use in a log line.
      const { taskToken: _, task_token: __, ...meta } = entry.meta ?? {};
      const fields = { component: 'temporal', ...meta };
      if (entry.level === 'ERROR') logger.error(fields, entry.message);
      else if (entry.level === 'WARN' && !EXPECTED.test(entry.message)) logger.warn(fields, entry.message);
      else logger.debug(fields, entry.message);
    }),
  });
}
