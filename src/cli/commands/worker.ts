import type { Command } from 'commander';
import { sayStartingTemporal } from '../output/starting-temporal.js';
import type { Runtime } from '../runtime.js';
import { untilSignal } from '../signals.js';

export function registerWorker(program: Command, runtime: () => Runtime): void {
  program
    .command('worker')
    .description('Run a Temporal worker for collections (Ctrl-C stops it after in-flight work)')
    .action(async () => {
      const rt = runtime();
      sayStartingTemporal(rt);
      const endpoint = await rt.temporal();
      const worker = await rt.startWorker();
      rt.logger.info({ address: endpoint.address, namespace: endpoint.namespace, taskQueue: endpoint.taskQueue }, 'worker running');
      if (process.stderr.isTTY) process.stderr.write(`Worker on task queue "${endpoint.taskQueue}" of Temporal at ${endpoint.address} (Ctrl-C stops it)\n`);
      await untilSignal();
      // Drains: in-flight activities are cancelled and retried by the next worker.
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
}
