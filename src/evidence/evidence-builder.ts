import type { BuildContext, BuiltEvidence } from './artifact-definition.js';
import { completeCoverage, ResultTally, type Evaluation, type SummaryOptions } from './evaluation.js';
import type { RecordSink } from './record-sink.js';
import type { RecordOrder } from './sort.js';
import { TimeRange } from './timestamps.js';

/** Streams the records of one Artifact to the store while counting their results and observation times. */
export class EvaluatedRecords<R extends Evaluation> {
  private readonly sink: RecordSink<R>;
  private readonly tally = new ResultTally();
  private readonly observed = new TimeRange();

  constructor(context: BuildContext, order: RecordOrder<R>) {
    this.sink = context.recordSink(order);
  }

  /** `observedAt`: when the subject reported the evaluated signal, if the API says. */
  async add(record: R, observedAt?: string | null): Promise<void> {
    await this.sink.add(record);
    this.tally.add(record);
    if (record.result !== 'not_applicable') this.observed.add(observedAt ?? null);
  }

  async build(summary: SummaryOptions): Promise<BuiltEvidence> {
    return { recordCount: await this.sink.close(), summary: this.tally.summary(summary), observedAt: this.observed.value };
  }
}

/** Records that are reported, not judged (inventories, logs). */
export class RecordedRecords<R extends object> {
  private readonly sink: RecordSink<R>;
  private readonly observed = new TimeRange();

  constructor(context: BuildContext, order: RecordOrder<R>) {
    this.sink = context.recordSink(order);
  }

  async add(record: R, observedAt?: string | null): Promise<void> {
    await this.sink.add(record);
    this.observed.add(observedAt ?? null);
  }

  get length(): number {
    return this.sink.count;
  }

  async build(subjects: string, counts: Record<string, number>): Promise<BuiltEvidence> {
    const recordCount = await this.sink.close();
    return { recordCount, summary: { counts, coverage: completeCoverage(recordCount, subjects) }, observedAt: this.observed.value };
  }
}
