import { FAILURES, failureOfType, NON_RETRYABLE_TYPES, type Failure } from '../failures/index.js';
import type { SourceError } from '../store/index.js';

/** Failure types after which trying the same activity again cannot help (Temporal's nonRetryableErrorTypes). */
export const PERMANENT_FAILURES: readonly string[] = NON_RETRYABLE_TYPES;

/** What an admin reads about a failure: its stable code, the message, and the vocabulary's remedy. */
export function sourceError(failure: Failure, message: string): SourceError {
  return { code: failure.code, message, ...(failure.remedy ? { remedy: failure.remedy } : {}) };
}

/** The same for a failure known by its error type (an ApplicationFailure's type); none known: a passing failure of Temporal's own. */
export function sourceErrorOfType(type: string | undefined, message: string): SourceError {
  return sourceError(type === undefined ? FAILURES.transient : failureOfType(type), message);
}
