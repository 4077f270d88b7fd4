import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { BudgetOptions } from '../../src/iru/index.js';

export interface WorkerProcess {
  child: ChildProcess;
  kill9(): Promise<void>;
  /** Graceful stop; resolves with the worker's peak RSS in bytes when it reported one. */
  stop(): Promise<number | undefined>;
}

const entry = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/** Starts a worker in a child process (via tsx) and resolves once it polls its task queue. */
export async function spawnWorker(options: {
  address: string;
  taskQueue: string;
  storeFile?: string;
  databaseUrl?: string;
  storeKey: string;
  budget?: Partial<BudgetOptions>;
  redisUrl?: string;
  workflowBundleFile?: string;
  requestTimeoutMs?: number;
  maxConcurrentActivityTaskExecutions?: number;
  logLevel?: string;
  onStderr?: (text: string) => void;
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: options.address,
      TASK_QUEUE: options.taskQueue,
      STORE_FILE: options.storeFile,
      STORE_KEY: options.storeKey,
      BUDGET: JSON.stringify(options.budget ?? {}),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      ...(options.workflowBundleFile ? { WORKFLOW_BUNDLE: options.workflowBundleFile } : {}),
      ...(options.requestTimeoutMs ? { REQUEST_TIMEOUT_MS: String(options.requestTimeoutMs) } : {}),
      ...(options.maxConcurrentActivityTaskExecutions ? { MAX_CONCURRENT_ACTIVITIES: String(options.maxConcurrentActivityTaskExecutions) } : {}),
      ...(options.logLevel ? { WORKER_LOG_LEVEL: options.logLevel } : {}),
    },
    stdio: ['ignore', 'pipe', options.onStderr ? 'pipe' : 'inherit'],
  });
  if (options.onStderr) child.stderr!.on('data', (chunk: Buffer) => options.onStderr!(chunk.toString()));
  const exited = once(child, 'exit');
  let maxRssBytes: number | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    const match = /\{"maxRssKiB":(\d+)\}/.exec(chunk.toString());
    if (match) maxRssBytes = Number(match[1]) * 1024;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker process did not start within 60 s')), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code} before it was ready`)));
  });
  return {
    child,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      return maxRssBytes;
    },
  };
}
