import { afterAll } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const TOKEN = '0b7c2f0e-5d0a-4c43-9f3e-2a1d6f0c9b11';

export interface Fetched<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

const running: RunningSimulator[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** A simulator closed after the test file; the default token may call everything. */
export async function simulator(options: Partial<SimulatorOptions> & { fleet: SimulatorOptions['fleet'] }): Promise<RunningSimulator> {
  const sim = await startSimulator({ tokens: { [TOKEN]: { permissions: 'all' } }, ...options });
  running.push(sim);
  return sim;
}

export async function get<T = unknown>(sim: RunningSimulator, pathAndQuery: string, token: string | null = TOKEN, init: RequestInit = {}): Promise<Fetched<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${sim.url}${pathAndQuery}`, { ...init, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/** The path and query of a `next` link, re-based as a client must (links point at the web host). */
export function rebase(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
