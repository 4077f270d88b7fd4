import type { Client } from '@temporalio/client';
import type { RequestLogEntry } from '../../src/simulator/index.js';

/** Requests a simulated tenant answered, per budget window (windows start at multiples of their length, as Kong's do). */
export function requestsPerWindow(log: RequestLogEntry[], windowMs: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const entry of log) {
    const window = Math.floor(Date.parse(entry.at) / windowMs) * windowMs;
    counts.set(window, (counts.get(window) ?? 0) + 1);
  }
  return counts;
}

/** The identity of the worker that ran each activity of a workflow (from its history's ActivityTaskStarted events). */
export async function activityWorkers(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const identity = event.activityTaskStartedEventAttributes?.identity;
    return identity ? [identity] : [];
  });
}

/**
 * Windows in which a tenant saw more than `limit` requests, described for the failure message: the count, the
 * previous window's count and when the first requests arrived after the window opened (a request that arrives in
 * the first milliseconds may have been counted against the previous window by the collector).
 */
export function windowsOverBudget(log: RequestLogEntry[], windowMs: number, limit: number): string[] {
  const counts = requestsPerWindow(log, windowMs);
  return [...counts]
    .filter(([, n]) => n > limit)
    .map(([start, n]) => {
      const firstArrivals = log
        .map((e) => Date.parse(e.at) - start)
        .filter((offset) => offset >= 0 && offset < windowMs)
        .sort((a, b) => a - b)
        .slice(0, 3);
      return (
        `${new Date(start).toISOString()}: ${n} requests (previous window ${counts.get(start - windowMs) ?? 0}); first arrivals at ` +
        `+${firstArrivals.join(' ms, +')} ms`
      );
    });
}
