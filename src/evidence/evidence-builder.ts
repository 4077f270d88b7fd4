import type { BuiltEvidence } from './artifact-definition.js';
import { completeCoverage, ResultTally, type Evaluation, type SummaryOptions } from './evaluation.js';
import { compareText } from './sort.js';
import { TimeRange } from './timestamps.js';

/** Collects the records of one Artifact with their results and observation times, and sorts them at the end. */
export class EvaluatedRecords<R extends Evaluation> {
  private readonly records: R[] = [];
  private readonly tally = new ResultTally();
  private readonly observed = new TimeRange();

  /** `observedAt`: when the subject reported the evaluated signal, if the API says. */
  add(record: R, observedAt?: string | null): void {
    this.records.push(record);
    this.tally.add(record);
    if (record.result !== 'not_applicable') this.observed.add(observedAt ?? null);
  }

  build(order: (a: R, b: R) => number, summary: SummaryOptions): BuiltEvidence {
    return { records: sortedRecords(this.records, order), summary: this.tally.summary(summary), observedAt: this.observed.value };
  }
}

/** Records that are reported, not judged (inventories, logs). */
export class RecordedRecords<R extends object> {
  private readonly records: R[] = [];
  private readonly observed = new TimeRange();

  add(record: R, observedAt?: string | null): void {
    this.records.push(record);
    this.observed.add(observedAt ?? null);
  }

  get length(): number {
    return this.records.length;
  }

  build(order: (a: R, b: R) => number, subjects: string, counts: Record<string, number>): BuiltEvidence {
    return { records: sortedRecords(this.records, order), summary: { counts, coverage: completeCoverage(this.records.length, subjects) }, observedAt: this.observed.value };
  }
}

/** Sorted by the Artifact's key, whole content breaking ties, so the order never depends on the API's page order. */
function sortedRecords<R extends object>(records: R[], order: (a: R, b: R) => number): Record<string, unknown>[] {
  return records.sort((a, b) => order(a, b) || compareText(JSON.stringify(a), JSON.stringify(b))) as unknown as Record<string, unknown>[];
}
