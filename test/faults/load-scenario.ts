/**
 * Many connections scheduled on one worker process. Each connection is a tenant of its own (its own simulator, so its
 * own host:port, the budget's tenant key), with a quota squeezed into a short window so that every collection must
 * spread over several windows. Checks: every tenant's budget respected (never above our share of a window, never a
 * 429), no tenant starved (every scheduled run completes, within a bound), the worker's memory bounded.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'vitest';
import type { RunSummary } from '../../src/store/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import { scheduleIdFor, setSchedule, triggerSchedule } from '../../src/temporal/schedules.js';
import { spawnWorker } from '../helpers/spawn-worker.js';
import { workflowBundle } from '../helpers/temporal.js';

export interface LoadOptions {
  address: string;
  connections: number;
  devices: number;
  /** The compressed "hour": the quota window of every tenant. */
  windowMs: number;
  /** The tenant quota per window; our share of it is what the worker may use. */
  quota: number;
  share: number;
  /** Every scheduled run must be done within this long after the triggers. */
  boundMs: number;
  log: (line: string) => void;
}

export interface LoadResult {
  completed: number;
  peakRssBytes: number;
  rssSamples: number[];
  maxPerWindow: number;
  shareLimit: number;
  rateLimited: number;
  durationsMs: number[];
  requests: number;
}

/** VmRSS of a process in bytes, from /proc (undefined once it exited). */
function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function loadScenario(options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-faults-load-'));
  const key = randomBytes(32);
  const store = new SqliteStore(path.join(dir, 'evidence.sqlite'), new TokenCipher(key));
  const bundleFile = path.join(dir, 'workflows.js');
  writeFileSync(bundleFile, (await workflowBundle()).code);
  const client = new Client({ connection: await Connection.connect({ address: options.address }), namespace: 'default' });
  const taskQueue = `faults-load-${randomUUID()}`;
  const token = randomUUID();
  const budget = { hourlyQuota: options.quota, share: options.share, windowMs: options.windowMs, perSecond: 20, maxConcurrent: 4 };
  const shareLimit = Math.floor(options.quota * options.share);
  const simulators: RunningSimulator[] = [];
  const scheduleIds: string[] = [];
  const worker = await spawnWorker({
    address: options.address,
    taskQueue,
    storeFile: store.file,
    storeKey: key.toString('base64'),
    budget,
    workflowBundleFile: bundleFile,
  });
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    const rss = rssOf(worker.child.pid!);
    if (rss !== undefined) rssSamples.push(rss);
  }, 500);
  try {
    // One tenant per connection: its own simulator (a host:port of its own), the tenant quota in a short window.
    for (let i = 0; i < options.connections; i++) {
      simulators.push(
        await startSimulator({
          fleet: { seed: 5_000 + i, devices: options.devices },
          tokens: { [token]: { permissions: 'all' } },
          rateLimit: { perHour: options.quota, hourWindowMs: options.windowMs },
        }),
      );
    }
    const connections = [];
    for (const [i, sim] of simulators.entries()) {
      const connection = await store.saveConnection({ name: `load-${i}-${randomUUID().slice(0, 8)}`, baseUrl: sim.url, token });
      await setSchedule(client, taskQueue, connection, { every: '24h', catchupWindow: '1m' });
      scheduleIds.push(scheduleIdFor(connection.name));
      connections.push(connection);
    }
    const triggeredAt = Date.now();
    await Promise.all(connections.map((c) => triggerSchedule(client, c.name)));
    options.log(`${connections.length} schedules triggered in ${Date.now() - triggeredAt} ms`);

    // Every tenant's scheduled run must finish within the bound.
    const finished = new Map<string, { status: string; startedAt: string; finishedAt: string; summary: RunSummary }>();
    const deadline = triggeredAt + options.boundMs;
    while (finished.size < connections.length && Date.now() < deadline) {
      for (const c of connections) {
        if (finished.has(c.id)) continue;
        const [run] = await store.listRuns(c.id, 1);
        if (run && run.status !== 'running' && run.finishedAt)
          finished.set(c.id, { status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, summary: run.summary as RunSummary });
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const durationsMs = [...finished.values()].map((r) => Date.parse(r.finishedAt) - triggeredAt).sort((a, b) => a - b);
    options.log(
      `${finished.size}/${connections.length} runs finished; completion after the triggers: min ${durationsMs[0]} ms, ` +
        `median ${durationsMs[Math.floor(durationsMs.length / 2)]} ms, max ${durationsMs.at(-1)} ms`,
    );

    // The budget of every tenant, as the tenant saw it: requests per quota window (by arrival), and 429s.
    let maxPerWindow = 0;
    let rateLimited = 0;
    let requests = 0;
    for (const sim of simulators) {
      const perWindow = new Map<number, number>();
      for (const entry of sim.requestLog) {
        requests += 1;
        if (entry.status === 429) rateLimited += 1;
        const window = Math.floor(Date.parse(entry.at) / options.windowMs);
        perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
      }
      maxPerWindow = Math.max(maxPerWindow, ...perWindow.values());
    }
    const statuses = [...finished.values()].reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    options.log(
      `runs by status ${JSON.stringify(statuses)}; ${requests} requests; busiest tenant window ${maxPerWindow} requests (share ${shareLimit} of a ` +
        `quota of ${options.quota}); ${rateLimited} answered 429`,
    );
    clearInterval(sampler);
    const peakRssBytes = (await worker.stop()) ?? Math.max(...rssSamples);
    options.log(
      `worker peak RSS ${Math.round(peakRssBytes / 2 ** 20)} MiB; RSS by quarter of the run ${quarters(rssSamples)
        .map((b) => `${Math.round(b / 2 ** 20)} MiB`)
        .join(', ')}`,
    );
    expect(finished.size, 'scheduled runs finished within the bound').toBe(connections.length);
    expect(statuses, 'every scheduled run succeeded').toEqual({ succeeded: connections.length });
    return { completed: finished.size, peakRssBytes, rssSamples, maxPerWindow, shareLimit, rateLimited, durationsMs, requests };
  } finally {
    clearInterval(sampler);
    await worker.stop();
    await Promise.allSettled(scheduleIds.map((id) => client.schedule.getHandle(id).delete()));
    await client.connection.close();
    await Promise.all(simulators.map((s) => s.close()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The largest sample of each quarter of a series. */
export function quarters(samples: number[]): number[] {
  const size = Math.max(1, Math.ceil(samples.length / 4));
  return [0, 1, 2, 3].map((q) => Math.max(0, ...samples.slice(q * size, (q + 1) * size)));
}
