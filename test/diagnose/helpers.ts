import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { endpoint, ENDPOINT_NAMES } from '../../src/iru/index.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const ALL = randomUUID();

const running: RunningSimulator[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** A simulated tenant (closed after the file) where ALL may call everything; more tokens by option. */
export async function tenant(
  options: Partial<SimulatorOptions> & { devices?: number; edr?: boolean; vulnerabilityManagement?: boolean } = {},
): Promise<RunningSimulator> {
  const { devices = 40, edr = true, vulnerabilityManagement = true, tokens = {}, ...rest } = options;
  const sim = await startSimulator({
    fleet: { seed: 7, devices, edr, vulnerabilityManagement },
    tokens: { [ALL]: { permissions: 'all' }, ...tokens },
    ...rest,
  });
  running.push(sim);
  return sim;
}

/** Every catalog path template (and the Prism count) except those of the named endpoints: a token's permission list. */
export function permissionsExcept(...names: string[]): string[] {
  return [...ENDPOINT_NAMES.filter((n) => !names.includes(n)).map((n) => endpoint(n).path), '/api/v1/prism/count'];
}

/** API requests the simulator saw, as "STATUS /path". */
export function requests(sim: RunningSimulator): string[] {
  return sim.requestLog.map((r) => `${r.status} ${r.path}`);
}
