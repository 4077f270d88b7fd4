import type { ArtifactSummary } from '../evidence/types/artifact.generated.js';

/** The per-subject result vocabulary, as src/evidence/evaluation.ts judges records (excepted: a fail an admin's exception covers). */
export const RESULT_VALUES = ['pass', 'fail', 'excepted', 'not_evaluable', 'not_applicable'] as const;
export type ResultValue = (typeof RESULT_VALUES)[number];
export type ResultCounts = Record<ResultValue, number>;

const RESULT_SET: ReadonlySet<string> = new Set(RESULT_VALUES);

export function isResultValue(value: unknown): value is ResultValue {
  return typeof value === 'string' && RESULT_SET.has(value);
}

export function emptyResultCounts(): ResultCounts {
  return Object.fromEntries(RESULT_VALUES.map((v) => [v, 0])) as ResultCounts;
}

/**
 * Result counts from an Artifact summary, read generically from its counts (`pass`, or `result:pass`), or
 * undefined when the Artifact type evaluates nothing (an inventory, say).
 */
export function summaryResults(summary: ArtifactSummary): ResultCounts | undefined {
  const counts = emptyResultCounts();
  let found = false;
  for (const [key, value] of Object.entries(summary.counts)) {
    const name = key.startsWith('result:') ? key.slice('result:'.length) : key;
    if (isResultValue(name)) {
      counts[name] += value;
      found = true;
    }
  }
  return found ? counts : undefined;
}

/** One subject's result and why (the failing criteria, or the not-evaluable reason); undefined for records without one. */
export function recordResult(record: Record<string, unknown>): { result: ResultValue; reasons: string[] } | undefined {
  const result = record.result;
  if (!isResultValue(result)) return undefined;
  const reasons = Array.isArray(record.reasons)
    ? record.reasons.filter((r): r is string => typeof r === 'string')
    : typeof record.reason === 'string'
      ? [record.reason]
      : [];
  return { result, reasons };
}
