import type { Command } from 'commander';
import { positiveInt } from '../parse.js';
import { sayStartingTemporal } from '../output/starting-temporal.js';
import type { Runtime } from '../runtime.js';
import { untilSignal } from '../signals.js';
import { startWebServer } from './serve.js';

export function registerDev(program: Command, runtime: () => Runtime): void {
  program
    .command('dev')
    .description('Everything at once on the embedded defaults: the Temporal dev server (persisted under the data dir), a worker and the web app')
    .option('--port <port>', 'port of the web app', positiveInt('--port', 1, 65535), 8080)
    .action(async (flags: { port: number }) => {
      const rt = runtime();
      sayStartingTemporal(rt);
      const endpoint = await rt.temporal();
      await rt.startWorker();
      const web = await startWebServer(rt, { host: '127.0.0.1', port: flags.port });
      rt.logger.info({ temporal: endpoint.address, taskQueue: endpoint.taskQueue, web: web.address }, 'iru-evidence dev is running; Ctrl-C stops it');
      process.stderr.write(`Temporal at ${endpoint.address}, worker on task queue "${endpoint.taskQueue}", web app at ${web.address}\n`);
      await untilSignal();
      await web.close();
    });
}
