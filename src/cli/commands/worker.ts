import type { Command } from 'commander';
import type { Runtime } from '../runtime.js';
import { untilSignal } from '../signals.js';

export function registerWorker(program: Command, runtime: () => Runtime): void {
  program
    .command('worker')
    .description('Run a Temporal worker for collections (Ctrl-C stops it after in-flight work)')
    .action(async () => {
      const rt = runtime();
      const endpoint = await rt.temporal();
      const worker = await rt.startWorker();
      rt.logger.info({ address: endpoint.address, namespace: endpoint.namespace, taskQueue: endpoint.taskQueue }, 'worker running');
      await untilSignal();
      // The Temporal runtime starts draining on SIGINT/SIGTERM itself; shut down only if it has not.
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
}
