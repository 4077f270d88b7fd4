/**
 * Command-line entry: `runSimulatorFromCli(process.argv.slice(2))`. Flags: --seed, --devices, --port,
 * --latency. The token comes from IRU_SIM_TOKEN (never argv) and is never printed.
 */

import { startSimulator, type RunningSimulator } from './http/server.js';

export interface CliOptions {
  seed: number;
  devices: number;
  port: number;
  latencyMs: number;
}

const FLAGS: Record<string, { key: keyof CliOptions; min: number; max: number }> = {
  '--seed': { key: 'seed', min: 0, max: 2 ** 31 - 1 },
  '--devices': { key: 'devices', min: 0, max: 100_000 },
  '--port': { key: 'port', min: 0, max: 65_535 },
  '--latency': { key: 'latencyMs', min: 0, max: 60_000 },
};

export function parseSimulatorArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { seed: 7, devices: 2_000, port: 0, latencyMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const spec = FLAGS[flag];
    if (!spec) throw new Error(`Unknown option ${flag}. Use --seed, --devices, --port or --latency.`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new Error(`${flag} needs an integer from ${spec.min} to ${spec.max}, got ${raw ?? 'nothing'}.`);
    }
    options[spec.key] = value;
  }
  return options;
}

/** Starts the simulator, prints its URL and keeps running until SIGINT/SIGTERM. */
export async function runSimulatorFromCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<RunningSimulator> {
  const options = parseSimulatorArgs(argv);
  const token = env.IRU_SIM_TOKEN?.trim();
  if (!token) throw new Error('Set IRU_SIM_TOKEN to the bearer token clients will use (a UUID, e.g. from `uuidgen`).');
  const simulator = await startSimulator({
    // Devices checked in recently, whatever day it runs: a fleet dated in the past would look ever more stale.
    fleet: { seed: options.seed, devices: options.devices, now: new Date().toISOString() },
    tokens: { [token]: { permissions: 'all' } },
    port: options.port,
    latencyMs: options.latencyMs,
  });
  process.stdout.write(`${simulator.url}\n`);
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    ...simulator,
    close: async () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await simulator.close();
    },
  };
}
