import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { evidenceHome } from '../../config/home.js';
import { CliError, EXIT } from '../exit-codes.js';
import { positiveInt } from '../parse.js';
import { untilSignal } from '../signals.js';
import { TOKEN_ENV, validateToken } from '../token-input.js';

export function registerSimulator(program: Command): void {
  program
    .command('simulator')
    .description('Serve a simulated Iru tenant on 127.0.0.1 (for trying the collector without a real tenant)')
    .option('--devices <n>', 'fleet size', positiveInt('--devices', 0, 100_000), 2_000)
    .option('--seed <n>', 'fleet seed', positiveInt('--seed', 0, 2 ** 31), 7)
    .option('--port <n>', 'port (0 = any free port)', positiveInt('--port', 0, 65_535), 0)
    .option('--latency <ms>', 'added latency per response', positiveInt('--latency', 0, 60_000), 0)
    .action(async (flags: { devices: number; seed: number; port: number; latency: number }) => {
      const token = process.env[TOKEN_ENV] ? validateToken(process.env[TOKEN_ENV], `the ${TOKEN_ENV} environment variable`) : randomUUID();
      const tokenFile = path.join(evidenceHome(), 'simulator-token');
      writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
      const { startSimulator } = await import('../../simulator/index.js');
      let simulator;
      try {
        // Dated at start, as `demo` does: the devices have checked in recently whatever day it runs, so posture Artifacts
        // are evaluable rather than all stale.
        simulator = await startSimulator({
          fleet: { seed: flags.seed, devices: flags.devices, now: new Date().toISOString() },
          tokens: { [token]: { permissions: 'all' } },
          port: flags.port,
          latencyMs: flags.latency,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new CliError(`Port ${flags.port} on 127.0.0.1 is already in use: choose another with --port (0 takes any free port)`, EXIT.ENVIRONMENT);
        throw error;
      }
      process.stdout.write(
        `Simulated Iru tenant with ${flags.devices} devices at ${simulator.url}\nToken (all GET permissions) in ${tokenFile}\n` +
          `Try: iru-evidence collect --base-url ${simulator.url} --token-file ${tokenFile}\n`,
      );
      await untilSignal();
      await simulator.close();
    });
}
