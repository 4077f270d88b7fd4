import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { Redis } from 'ioredis';
import type { NotifyConfig } from '../../src/notify/notifier.js';
import { inject } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import type { EvidenceStore } from '../../src/store/index.js';
import type { BudgetOptions } from '../../src/iru/index.js';
import { createWorker, WORKFLOWS_PATH } from '../../src/temporal/worker.js';

// Before any connection or worker touches the runtime: keep the SDK's own logs to warnings.
Runtime.install({ logger: new DefaultLogger('WARN') });

let bundle: Promise<{ code: string }> | undefined;

/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

export interface TemporalHarness {
  client: Client;
  taskQueue: string;
  startWorker(deps: {
    store: EvidenceStore;
    budget?: Partial<BudgetOptions>;
    logLines?: string[];
    redis?: Redis;
    notify?: NotifyConfig;
    requestTimeoutMs?: number;
    maxConcurrentActivityTaskExecutions?: number;
    rawPageRetentionDays?: number;
  }): Promise<RunningWorker>;
  close(): Promise<void>;
}

export interface RunningWorker {
  worker: Worker;
  /** Graceful shutdown; resolves when the worker has stopped. */
  stop(): Promise<void>;
}

/** A client and workers on the suite's dev server (or the one at `options.address`), on a task queue of their own. */
export async function temporalHarness(options: { address?: string; namespace?: string } = {}): Promise<TemporalHarness> {
  const address = options.address ?? inject('temporalAddress');
  const namespace = options.namespace ?? inject('temporalNamespace');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const taskQueue = `test-${randomUUID()}`;
  const workers: RunningWorker[] = [];
  return {
    client,
    taskQueue,
    async startWorker(deps) {
      const nativeConnection = await NativeConnection.connect({ address });
      const worker = await createWorker({
        connection: nativeConnection,
        namespace,
        taskQueue,
        workflowBundle: await workflowBundle(),
        store: deps.store,
        budget: deps.budget ?? { perSecond: 200, maxConcurrent: 4 },
        redis: deps.redis,
        notify: deps.notify,
        requestTimeoutMs: deps.requestTimeoutMs,
        rawPageRetentionDays: deps.rawPageRetentionDays,
        maxConcurrentActivityTaskExecutions: deps.maxConcurrentActivityTaskExecutions,
        logger: deps.logLines
          ? createLogger({ test: true }, { LOG_LEVEL: 'debug' }, { write: (line: string) => void deps.logLines!.push(line) })
          : createLogger({ test: true }, { LOG_LEVEL: 'silent' }),
      });
      const running = worker.run();
      let stopped: Promise<void> | undefined;
      const handle: RunningWorker = {
        worker,
        stop() {
          stopped ??= (async () => {
            if (worker.getState() === 'RUNNING') worker.shutdown();
            await running;
            await nativeConnection.close();
          })();
          return stopped;
        },
      };
      workers.push(handle);
      return handle;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await connection.close();
    },
  };
}

/** A fetched workflow history as searchable text, with every payload decoded from base64. */
export function historyText(history: unknown): string {
  const json = JSON.stringify(history);
  const decoded = [...json.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
  return `${json}\n${decoded.join('\n')}`;
}
