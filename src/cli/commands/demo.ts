import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { evidenceHome } from '../../config/home.js';
import { exportJson } from '../../exports/json-export.js';
import { collectionWorkflowId, startCollection } from '../../temporal/client.js';
import { EXIT } from '../exit-codes.js';
import { printRunSummary } from '../output/run-summary.js';
import { followRun } from '../follow-run.js';
import { sayStartingTemporal } from '../output/starting-temporal.js';
import { watchInterrupt } from '../signals.js';
import { exitCodeOf } from './collect.js';
import { positiveInt } from '../parse.js';
import type { Runtime } from '../runtime.js';

export function registerDemo(program: Command, runtime: () => Runtime): void {
  program
    .command('demo')
    .description('Everything on the embedded defaults: a simulated demo tenant, the Temporal dev server, a worker, one collection and an export')
    .option('--devices <n>', 'devices in the demo tenant', positiveInt('--devices', 0, 100_000), 2_000)
    .option('--seed <n>', 'seed of the demo fleet', positiveInt('--seed', 0, 2 ** 31), 7)
    .option('--json', 'print the run summary as JSON')
    .action(async (flags: { devices: number; seed: number; json?: boolean }) => {
      const rt = runtime();
      const token = randomUUID();
      const { startSimulator } = await import('../../simulator/index.js');
      // Dated today, so the demo's devices have checked in recently whatever day it runs.
      const simulator = await startSimulator({
        fleet: { seed: flags.seed, devices: flags.devices, tenant: 'demo', now: new Date().toISOString() },
        tokens: { [token]: { permissions: 'all' } },
      });
      const interrupt = watchInterrupt(EXIT.INTERRUPTED);
      try {
        const connection = await rt.store.saveConnection({ name: 'demo', baseUrl: simulator.url, token });
        sayStartingTemporal(rt, flags.json);
        const endpoint = await rt.temporal();
        await rt.startWorker();
        const client = await rt.client();
        const handle = await startCollection(client, endpoint.taskQueue, { connectionId: connection.id }, collectionWorkflowId(connection.name));
        // The demo tenant goes away with this command, so an interrupted demo run is cancelled rather than left to resume.
        const summary = await followRun(rt, client, handle, interrupt, { json: flags.json, cancelOnInterrupt: true });
        if (!summary) return void (process.exitCode = EXIT.INTERRUPTED);
        printRunSummary(summary, Boolean(flags.json));
        const outDir = path.join(evidenceHome(), 'exports', 'demo');
        await exportJson(rt.store, await rt.store.currentArtifacts(connection.id), connection.name, outDir);
        if (!flags.json) {
          process.stdout.write(
            [
              '',
              `Exported the Artifacts and manifest.json to ${outDir}`,
              `Stored in ${path.join(evidenceHome(), 'evidence.sqlite')}; list them with: npx iru-evidence artifacts list --connection demo`,
              '',
            ].join('\n'),
          );
        }
        process.exitCode = exitCodeOf(summary);
      } finally {
        interrupt.dispose();
        await simulator.close();
      }
    });
}
