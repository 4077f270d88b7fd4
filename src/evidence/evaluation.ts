import { Counter } from './counts.js';
import type { ArtifactSummary, CoverageGap, NotEvaluableReason, Threshold } from './types/artifact.generated.js';

/**
 * The one result vocabulary of every evaluated record (the `result` enum of schemas/artifacts/*.schema.json). Builders
 * judge pass, fail, not evaluable or not applicable; `excepted` is a fail an admin's exception covers (src/evidence/exceptions.ts).
 */
export type Result = 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';

/**
 * A subject's result and why: for `fail` (and `excepted`) the failing criteria, for `not_evaluable` one
 * NotEvaluableReason, for `not_applicable` why the subject is out of scope; empty for `pass`.
 */
export interface Evaluation {
  result: Result;
  reasons: string[];
}

export const pass = (): Evaluation => ({ result: 'pass', reasons: [] });
export const fail = (reasons: string[]): Evaluation => ({ result: 'fail', reasons });
export const notEvaluable = (reason: NotEvaluableReason): Evaluation => ({ result: 'not_evaluable', reasons: [reason] });
export const notApplicable = (reason: string): Evaluation => ({ result: 'not_applicable', reasons: [reason] });

/** Fail naming every failure that occurred (keys are failure reasons, in the order given); pass when none did. */
export function failIf(failures: Record<string, boolean>): Evaluation {
  const occurred = Object.entries(failures)
    .filter(([, happened]) => happened)
    .map(([reason]) => reason);
  return occurred.length === 0 ? pass() : fail(occurred);
}

const DEFAULT_GAP_DETAIL: Record<NotEvaluableReason, string> = {
  permission_denied: 'the API token lacks the GET permission for this signal',
  transient: 'the status is still changing (pending or installing)',
  stale: 'the signal is older than the freshness threshold',
  missing_data: 'Iru reported no value for this signal',
  unknown_value: 'Iru reported a value this collector does not know; the record keeps it as sent, unjudged',
};

export interface SummaryOptions {
  /** Plural noun of the subjects, for the coverage text ("devices", "library item statuses"). */
  subjects: string;
  /** Per-reason explanation of a coverage gap, where the default says too little. */
  gapDetail?: Partial<Record<NotEvaluableReason, string>>;
  counts?: Record<string, number>;
  thresholds?: Threshold[];
}

/**
 * Counts results while records are built and turns them into the Artifact summary. Subjects in scope are those not
 * `not_applicable`; coverage is "evaluated (pass, fail or excepted) of in scope", and each not-evaluable subject is a gap.
 * `excepted` is counted only when some record is, so an Artifact built without exceptions is what it was before they existed.
 */
export class ResultTally {
  private readonly results: Record<Exclude<Result, 'excepted'>, number> = { pass: 0, fail: 0, not_evaluable: 0, not_applicable: 0 };
  private excepted = 0;
  private readonly reasons = new Counter();
  private readonly gaps = new Counter();

  add(evaluation: Evaluation): void {
    if (evaluation.result === 'excepted') this.excepted++;
    else this.results[evaluation.result]++;
    if (evaluation.result === 'not_evaluable') this.gaps.add(evaluation.reasons[0]!);
    else for (const reason of evaluation.reasons) this.reasons.add(`${evaluation.result}:${reason}`);
  }

  summary(options: SummaryOptions): ArtifactSummary {
    const evaluated = this.results.pass + this.results.fail + this.excepted;
    const total = evaluated + this.results.not_evaluable;
    const gaps: CoverageGap[] = this.gaps.entries().map(([key, count]) => {
      const reason = key as NotEvaluableReason;
      return { reason, count, detail: options.gapDetail?.[reason] ?? DEFAULT_GAP_DETAIL[reason] };
    });
    return {
      counts: { ...this.results, ...(this.excepted > 0 ? { excepted: this.excepted } : {}), ...this.reasons.toRecord(), ...options.counts },
      coverage: { evaluated, total, text: coverageText(evaluated, total, options.subjects, 'evaluated'), gaps },
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    };
  }
}

/** Coverage of an Artifact that records what Iru reported without judging it (inventories, logs): nothing left out. */
export function completeCoverage(count: number, subjects: string): ArtifactSummary['coverage'] {
  return { evaluated: count, total: count, text: coverageText(count, count, subjects, 'recorded'), gaps: [] };
}

function coverageText(done: number, total: number, subjects: string, verb: string): string {
  return `${done} of ${total} ${subjects} ${verb}`;
}
