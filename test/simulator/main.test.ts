import { describe, expect, it, vi } from 'vitest';
import { parseSimulatorArgs, runSimulatorFromCli } from '../../src/simulator/main.js';
import { TOKEN } from './helpers.js';

describe('runSimulatorFromCli', () => {
  it('parses flags with defaults and rejects bad values', () => {
    expect(parseSimulatorArgs([])).toEqual({ seed: 7, devices: 2000, port: 0, latencyMs: 0 });
    expect(parseSimulatorArgs(['--seed', '3', '--devices=10', '--latency', '5'])).toEqual({ seed: 3, devices: 10, port: 0, latencyMs: 5 });
    expect(() => parseSimulatorArgs(['--devices', '100001'])).toThrow(/--devices/);
    expect(() => parseSimulatorArgs(['--token', 'x'])).toThrow(/Unknown option/);
  });

  it('requires the token from the environment and prints only the URL', async () => {
    await expect(runSimulatorFromCli([], {})).rejects.toThrow(/IRU_SIM_TOKEN/);
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const sim = await runSimulatorFromCli(['--devices', '3'], { IRU_SIM_TOKEN: TOKEN });
    spy.mockRestore();
    try {
      expect(writes.join('')).toBe(`${sim.url}\n`);
      const response = await fetch(`${sim.url}/api/v1/devices`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(await response.json()).toHaveLength(3);
    } finally {
      await sim.close();
    }
  });
});
