import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BudgetOptions } from '../src/iru/index.js';

const CLI = fileURLToPath(new URL('../bin/iru-evidence.js', import.meta.url));

/** The worker's memory settings: the README's recommendation for a worker service, or the bench's options. */
export interface WorkerTuning {
  /** V8 old-space cap in MB (--max-old-space-size). */
  heapMB: number;
  /** V8 semi-space cap in MB (--max-semi-space-size); 0 keeps V8's default of 16. */
  semiSpaceMB: number;
  /** glibc malloc arenas (MALLOC_ARENA_MAX); 0 keeps glibc's default of 8 per core. */
  mallocArenas: number;
}

export interface CliWorker {
  /** Stops the worker (SIGTERM, as a service manager would) and resolves with its peak resident memory in bytes. */
  stop(): Promise<number>;
}

/**
 * `iru-evidence worker` from the build, as an operator runs it: the measured process is the product's own worker
 * (pre-bundled workflows, compiled JavaScript), configured by environment only.
 */
export async function startCliWorker(options: {
  home: string;
  key: string;
  address: string;
  taskQueue: string;
  budget: BudgetOptions;
  tuning: WorkerTuning;
}): Promise<CliWorker> {
  const { heapMB, semiSpaceMB, mallocArenas } = options.tuning;
  const child = spawn(process.execPath, [CLI, 'worker'], {
    env: {
      ...process.env,
      IRU_EVIDENCE_HOME: options.home,
      IRU_EVIDENCE_KEY: options.key,
      TEMPORAL_ADDRESS: options.address,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      IRU_EVIDENCE_HOURLY_QUOTA: String(options.budget.hourlyQuota),
      IRU_EVIDENCE_BUDGET_SHARE: String(options.budget.share),
      IRU_EVIDENCE_REQUESTS_PER_SECOND: String(options.budget.perSecond),
      IRU_EVIDENCE_MAX_CONCURRENT_REQUESTS: String(options.budget.maxConcurrent),
      LOG_LEVEL: 'info',
      NODE_OPTIONS: [`--max-old-space-size=${heapMB}`, ...(semiSpaceMB ? [`--max-semi-space-size=${semiSpaceMB}`] : [])].join(' '),
      ...(mallocArenas ? { MALLOC_ARENA_MAX: String(mallocArenas) } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_192)));
  await waitForPoller(child.pid!, exited, () => stderr);
  let stopped: Promise<number> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        const peak = peakRssBytes(child.pid!);
        child.kill('SIGTERM');
        await exited;
        return peak;
      })();
      return stopped;
    },
  };
}

/** VmHWM: the high-water mark of the process's resident set since it started. */
function peakRssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

async function waitForPoller(pid: number, exited: Promise<unknown>, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!/worker running/.test(stderr())) {
    if (gone) throw new Error(`iru-evidence worker (pid ${pid}) exited before it was ready:\n${stderr()}`);
    if (Date.now() > deadline) throw new Error('iru-evidence worker did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
