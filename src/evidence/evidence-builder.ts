import type { BuildContext, BuiltEvidence } from './artifact-definition.js';
import { deniedDetail } from './denied-permissions.js';
import { completeCoverage, notEvaluable, ResultTally, type Evaluation, type SummaryOptions } from './evaluation.js';
import type { RecordSink } from './record-sink.js';
import type { RecordOrder } from './sort.js';
import { TimeRange } from './timestamps.js';

/**
 * Streams the records of one Artifact to the store while counting their results and observation times. When the
 * build was denied a permission, every record in scope is not evaluable (permission_denied) and the gap names it.
 */
export class EvaluatedRecords<R extends Evaluation> {
  private readonly sink: RecordSink<R>;
  private readonly tally = new ResultTally();
  private readonly observed = new TimeRange();
  private readonly denied: string[];

  constructor(context: BuildContext, order: RecordOrder<R>) {
    this.sink = context.recordSink(order);
    this.denied = context.deniedPermissions ?? [];
  }

  /** `observedAt`: when the subject reported the evaluated signal, if the API says. */
  async add(evaluated: R, observedAt?: string | null): Promise<void> {
    const record = this.denied.length > 0 && evaluated.result !== 'not_applicable' ? { ...evaluated, ...notEvaluable('permission_denied') } : evaluated;
    await this.sink.add(record);
    this.tally.add(record);
    if (record.result !== 'not_applicable') this.observed.add(observedAt ?? null);
  }

  async build(summary: SummaryOptions): Promise<BuiltEvidence> {
    const gapDetail = this.denied.length > 0 ? { ...summary.gapDetail, permission_denied: deniedDetail(this.denied) } : summary.gapDetail;
    return { recordCount: await this.sink.close(), summary: this.tally.summary({ ...summary, gapDetail }), observedAt: this.observed.value };
  }
}

/** Records that are reported, not judged (inventories, logs); when a permission was denied, coverage names the gap. */
export class RecordedRecords<R extends object> {
  private readonly sink: RecordSink<R>;
  private readonly observed = new TimeRange();
  private readonly denied: string[];

  constructor(context: BuildContext, order: RecordOrder<R>) {
    this.sink = context.recordSink(order);
    this.denied = context.deniedPermissions ?? [];
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
    const coverage = completeCoverage(recordCount, subjects);
    // What the denied source would have added is unknown (count null, not 0): the gap names the permission.
    if (this.denied.length > 0) coverage.gaps.push({ reason: 'permission_denied', count: null, detail: deniedDetail(this.denied) });
    return { recordCount, summary: { counts, coverage }, observedAt: this.observed.value };
  }
}
