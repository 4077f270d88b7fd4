import type { Command } from 'commander';
import type { Runtime } from '../runtime.js';
import { untilSignal } from '../signals.js';

export function registerDev(program: Command, runtime: () => Runtime): void {
  program
    .command('dev')
    .description('Everything at once on the embedded defaults: the Temporal dev server (persisted under the data dir) and a worker')
    .action(async () => {
      const rt = runtime();
      const endpoint = await rt.temporal();
      await rt.startWorker();
      rt.logger.info({ temporal: endpoint.address, taskQueue: endpoint.taskQueue }, 'iru-evidence dev is running; Ctrl-C stops it');
      process.stderr.write(`Temporal at ${endpoint.address}, worker on task queue "${endpoint.taskQueue}". In another terminal: npx iru-evidence collect --help\n`);
      await untilSignal();
    });
}
