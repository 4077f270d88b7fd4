import { FAULT_OF_KIND, type Fault } from './kinds.js';
import { ERROR_TYPES, FAILURES, type ErrorType, type Failure, type FailureCode } from './vocabulary.js';

const ALL: readonly Failure[] = Object.values(FAILURES);
const BY_TYPE: ReadonlyMap<string, Failure> = new Map(ALL.flatMap((f) => f.types.map((type) => [type, f] as const)));

/** The failure of a stable code (as stored in a run summary); undefined for a code this version does not know. */
export function failureOf(code: string | undefined): Failure | undefined {
  return code !== undefined && Object.hasOwn(FAILURES, code) ? FAILURES[code as FailureCode] : undefined;
}

/** The failure an error type (error class code, Temporal failure type) means; an unknown type is our own unexpected failure. */
export function failureOfType(type: string | undefined): Failure {
  return (type !== undefined && BY_TYPE.get(type)) || FAILURES.unexpected;
}

/** The failure an error means, by its `code` (our error classes carry one); any other error is our own unexpected failure. */
export function failureOfError(error: unknown): Failure {
  const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  return failureOfType(isErrorType(code) ? code : ERROR_TYPES.unexpected);
}

/** The error type to fail an activity with: the error's own code when the vocabulary knows it. */
export function errorTypeOf(error: unknown): ErrorType {
  const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  return isErrorType(code) ? code : ERROR_TYPES.unexpected;
}

export function isErrorType(type: unknown): type is ErrorType {
  return typeof type === 'string' && BY_TYPE.has(type);
}

/** Whose doing a failure is: only credentials, permission and entitlement failures are the customer's. */
export function faultOf(failure: Failure): Fault {
  return FAULT_OF_KIND[failure.kind];
}

/** Error types after which running the same activity again cannot help: Temporal's `nonRetryableErrorTypes`. */
export const NON_RETRYABLE_TYPES: readonly ErrorType[] = ALL.filter((f) => !f.retryable.source).flatMap((f) => f.types);

/** Error types after which sending the same request again cannot help. */
export function isRetryableRequest(type: string): boolean {
  return failureOfType(type).retryable.request;
}

export { ERROR_TYPES };
