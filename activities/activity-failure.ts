import { ApplicationFailure, cancellationSignal } from '@temporalio/activity';
import { errorTypeOf, failureOfType } from '../src/failures/index.js';

/**
 * An activity's error as Temporal should see it: an ApplicationFailure whose type is the error's code in the failure
 * vocabulary, non-retryable when the vocabulary says retrying cannot help, retried after the error's `retryDelayMs`
 * when it has one. Temporal takes a plain error's class name as its type, so without this, `nonRetryableErrorTypes`
 * (codes) would never match a thrown error.
 */
export function asActivityFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure || cancellationSignal().aborted) return error;
  const type = errorTypeOf(error);
  return ApplicationFailure.create({
    type,
    message: error instanceof Error ? error.message : String(error),
    nonRetryable: !failureOfType(type).retryable.source,
    cause: error instanceof Error ? error : undefined,
    nextRetryDelay: retryDelayOf(error),
  });
}

function retryDelayOf(error: unknown): number | undefined {
  const delay = error !== null && typeof error === 'object' && 'retryDelayMs' in error ? error.retryDelayMs : undefined;
  return typeof delay === 'number' ? delay : undefined;
}

/** The same activities, failing with vocabulary types. */
export function withFailureTypes<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: Parameters<typeof activity>) => {
      try {
        return await activity(...args);
      } catch (error) {
        throw asActivityFailure(error);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
