/**
 * Lists that move or are capped while a collection reads them (issue "Read the Iru API as it really answers", points 5
 * and 6), collected end to end through Temporal from the simulator. Expected ids come from the simulator's own record
 * of who enrolled and left, and the fleet's blueprint list.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { collectOnce, currentArtifact } from '../helpers/collect.js';
import { FLEET_NOW } from '../helpers/fleet-now.js';
import { tempStore } from '../helpers/store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';

const TOKEN = randomUUID();
let temporal: TemporalHarness;
const storage = tempStore();
const simulators: RunningSimulator[] = [];

async function simulator(options: Omit<SimulatorOptions, 'tokens'>): Promise<RunningSimulator> {
  const sim = await startSimulator({ ...options, tokens: { [TOKEN]: { permissions: 'all' } } });
  simulators.push(sim);
  return sim;
}

beforeAll(async () => {
  temporal = await temporalHarness();
  await temporal.startWorker({ store: storage.store });
});

afterAll(async () => {
  await temporal.close();
  await Promise.all(simulators.map((s) => s.close()));
  await storage.cleanup();
});

describe('a device list that changes while it is read', () => {
  it('yields an inventory with every device present throughout exactly once, and no device twice', async () => {
    // A 2,500-device tenant where devices enroll and leave after every page the collector reads.
    const sim = await simulator({ fleet: { seed: 2_500, devices: 2_500, now: FLEET_NOW }, deviceChurn: { enrollPerPage: 3, leavePerPage: 5, maxEvents: 80 } });
    const { summary, connectionId } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, {
      baseUrl: sim.url,
      token: TOKEN,
      sources: ['devices'],
    });
    expect(summary.status).toBe('succeeded');
    const churn = sim.deviceChurn;
    expect(churn.left().length + churn.enrolled().length).toBeGreaterThan(40);

    const inventory = await currentArtifact(storage.store, connectionId, 'device-inventory');
    const ids = inventory.records.map((r) => (r as { deviceId: string }).deviceId);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    const read = new Set(ids);
    const missing = churn.presentThroughout().filter((id) => !read.has(id));
    const movers = new Set([...churn.enrolled(), ...churn.left()]);
    const strangers = ids.filter((id) => !movers.has(id) && !churn.presentThroughout().includes(id));
    console.log(
      `present throughout ${churn.presentThroughout().length}, read ${ids.length}, missing ${missing.length}, duplicates ${duplicates.length}, ` +
        `left ${churn.left().length}, enrolled ${churn.enrolled().length}`,
    );
    expect({ missing, duplicates, strangers }).toEqual({ missing: [], duplicates: [], strangers: [] });
  });
});

describe('a list whose server serves fewer rows than asked', () => {
  it('reads all 250 blueprints from 100-row pages and says so in the run', async () => {
    const sim = await simulator({ fleet: { seed: 250, devices: 40, blueprints: 250, now: FLEET_NOW } });
    const { summary } = await collectOnce(temporal.client, temporal.taskQueue, storage.store, { baseUrl: sim.url, token: TOKEN, sources: ['blueprints'] });
    expect(summary.status).toBe('succeeded');
    const blueprints = summary.sources.find((s) => s.name === 'blueprints')!;
    expect(blueprints).toMatchObject({ status: 'succeeded', records: sim.fleet.blueprints.length });
    expect(sim.fleet.blueprints).toHaveLength(250);
    expect(sim.requestLog.filter((r) => r.path === '/api/v1/blueprints').length).toBe(3);
  });
});
