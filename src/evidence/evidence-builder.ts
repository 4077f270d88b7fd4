import type { BuildContext, BuiltEvidence } from './artifact-definition.js';
import { deniedDetail } from './denied-permissions.js';
import { completeCoverage, notEvaluable, ResultTally, type Evaluation, type SummaryOptions } from './evaluation.js';
import type { BuildExceptions } from './exceptions.js';
import type { RecordSink } from './record-sink.js';
import type { RecordOrder } from './sort.js';
import { TimeRange } from './timestamps.js';

/**
 * Streams the records of one Artifact to the store while counting their results and observation times. When the
 * build was denied a permission, every record in scope is not evaluable (permission_denied) and the gap names it.
 * A failing record of a device an exception in force covers becomes `excepted`, keeping its reasons and what it was.
 */
export class EvaluatedRecords<R extends Evaluation> {
  private readonly sink: RecordSink<R>;
  private readonly tally = new ResultTally();
  private readonly observed = new TimeRange();
  private readonly denied: string[];
  private readonly exceptions: BuildExceptions | undefined;

  constructor(context: BuildContext, order: RecordOrder<R>) {
    this.sink = context.recordSink(order);
    this.denied = context.deniedPermissions ?? [];
    this.exceptions = context.exceptions;
  }

  /** `observedAt`: when the subject reported the evaluated signal, if the API says. */
  async add(evaluated: R, observedAt?: string | null): Promise<void> {
    const judged = this.denied.length > 0 && evaluated.result !== 'not_applicable' ? { ...evaluated, ...notEvaluable('permission_denied') } : evaluated;
    const record = this.excepted(judged);
    await this.sink.add(record);
    this.tally.add(record);
    if (record.result !== 'not_applicable') this.observed.add(observedAt ?? null);
  }

  async build(summary: SummaryOptions): Promise<BuiltEvidence> {
    const gapDetail = this.denied.length > 0 ? { ...summary.gapDetail, permission_denied: deniedDetail(this.denied) } : summary.gapDetail;
    const recordCount = await this.sink.close();
    const exceptions = this.exceptions?.summary();
    return {
      recordCount,
      summary: { ...this.tally.summary({ ...summary, gapDetail }), ...(exceptions ? { exceptions } : {}) },
      observedAt: this.observed.value,
    };
  }

  /**
   * Only a fail is excepted: a pass needs no exception, and a not-evaluable record is not a known failure an admin
   * accepted but a gap in the evidence (a missing permission, no data), which an exception must not hide.
   */
  private excepted(record: R): R {
    const deviceId = (record as { deviceId?: unknown }).deviceId;
    if (record.result !== 'fail' || typeof deviceId !== 'string' || !this.exceptions) return record;
    const exception = this.exceptions.apply(deviceId);
    return exception ? { ...record, result: 'excepted', exceptedResult: 'fail', exceptionId: exception.id } : record;
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
