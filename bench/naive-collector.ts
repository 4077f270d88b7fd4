/**
 * The bench's baseline: a naive per-device collector, written the way a first script against the API usually is.
 * It lists every device (GET /api/v1/devices, `limit`/`offset`, until a short page), then for each device GETs its
 * details, apps and library items, four requests at a time, and answers a 429 by waiting a fixed delay and sending the
 * same request again. It reads and parses every body, as a real collector must, and keeps nothing.
 *
 * Deliberately independent of src/iru: plain undici, no budget, no Retry-After, no Prism or bulk endpoints.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

export interface NaiveOptions {
  baseUrl: string;
  token: string;
  /** Requests in flight during the per-device phase. Default 4. */
  concurrency?: number;
  /** Fixed wait before resending a request that got a 429. Default 1000. */
  retryDelayMs?: number;
  /** 429 retries per request before giving up. Default 10. */
  maxRetries?: number;
  /** Only the first N listed devices get their per-device calls (a bounded sample); all devices are still listed. */
  deviceLimit?: number;
  signal?: AbortSignal;
}

export interface NaivePhase {
  /** HTTP requests sent, 429s included. */
  requests: number;
  rateLimited: number;
  wallMs: number;
}

export interface NaiveResult {
  devicesListed: number;
  /** Devices whose details, apps and library items were fetched. */
  devicesVisited: number;
  list: NaivePhase;
  perDevice: NaivePhase;
  /** Totals over both phases. */
  requests: number;
  rateLimited: number;
  /** Device list rows + one per details document + app rows + library item rows. */
  recordsRead: number;
  wallMs: number;
}

const PAGE_SIZE = 300;
const PER_DEVICE_PATHS = ['details', 'apps', 'library-items'] as const;

interface Counters {
  requests: number;
  rateLimited: number;
}

interface Http {
  get(path: string, counters: Counters): Promise<unknown>;
  close(): Promise<void>;
}

/** GET with a bearer token; a 429 is retried after the fixed delay, anything else but 200 is an error. */
function naiveHttp(options: NaiveOptions): Http {
  const pool = new Pool(options.baseUrl, { connections: options.concurrency ?? 4 });
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxRetries = options.maxRetries ?? 10;
  const headers = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
  return {
    async get(path, counters) {
      for (let attempt = 0; ; attempt++) {
        counters.requests++;
        const { statusCode, body } = await pool.request({ method: 'GET', path, headers, signal: options.signal });
        if (statusCode === 200) return body.json();
        await body.dump();
        if (statusCode !== 429) throw new Error(`GET ${path}: HTTP ${statusCode}`);
        counters.rateLimited++;
        if (attempt >= maxRetries) throw new Error(`GET ${path}: still 429 after ${maxRetries} retries`);
        await sleep(retryDelayMs, undefined, { signal: options.signal });
      }
    },
    close: () => pool.close(),
  };
}

async function listDeviceIds(http: Http, counters: Counters): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = (await http.get(`/api/v1/devices?limit=${PAGE_SIZE}&offset=${offset}`, counters)) as { device_id: string }[];
    ids.push(...page.map((device) => device.device_id));
    if (page.length < PAGE_SIZE) return ids;
  }
}

/** GETs one per-device endpoint; returns its records: 1 for details, the rows of apps / library items. */
async function fetchRecords(http: Http, deviceId: string, kind: (typeof PER_DEVICE_PATHS)[number], counters: Counters): Promise<number> {
  const body = await http.get(`/api/v1/devices/${encodeURIComponent(deviceId)}/${kind}`, counters);
  if (kind === 'details') return 1;
  const rows = (body as Record<string, unknown>)[kind === 'apps' ? 'apps' : 'library_items'];
  return Array.isArray(rows) ? rows.length : 0;
}

/** Runs `tasks` with at most `limit` in flight; the first failure rejects (the other workers stop at their next task). */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < tasks.length) {
      const index = next++;
      try {
        results[index] = await tasks[index]!();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

async function timed<T>(run: (counters: Counters) => Promise<T>): Promise<{ value: T; phase: NaivePhase }> {
  const counters: Counters = { requests: 0, rateLimited: 0 };
  const started = performance.now();
  const value = await run(counters);
  return { value, phase: { ...counters, wallMs: performance.now() - started } };
}

export async function runNaiveCollector(options: NaiveOptions): Promise<NaiveResult> {
  const http = naiveHttp(options);
  try {
    const list = await timed((counters) => listDeviceIds(http, counters));
    const visited = list.value.slice(0, options.deviceLimit ?? list.value.length);
    const perDevice = await timed((counters) => {
      const tasks = visited.flatMap((id) => PER_DEVICE_PATHS.map((kind) => () => fetchRecords(http, id, kind, counters)));
      return pool(tasks, options.concurrency ?? 4);
    });
    const records = list.value.length + perDevice.value.reduce((sum, n) => sum + n, 0);
    return {
      devicesListed: list.value.length,
      devicesVisited: visited.length,
      list: list.phase,
      perDevice: perDevice.phase,
      requests: list.phase.requests + perDevice.phase.requests,
      rateLimited: list.phase.rateLimited + perDevice.phase.rateLimited,
      recordsRead: records,
      wallMs: list.phase.wallMs + perDevice.phase.wallMs,
    };
  } finally {
    await http.close();
  }
}
