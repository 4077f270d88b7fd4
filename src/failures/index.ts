/**
 * The failure vocabulary: every failure's stable code, kind, retryability, effect on the connection, exit code, HTTP
 * status and remedy. A leaf: it imports nothing from the project, and everything that decides what a failure means
 * reads it.
 */
export { EXIT_CODES, EXIT_OF_KIND, FAULT_OF_KIND, HTTP_STATUS_OF_KIND, type ExitCode, type FailureKind, type Fault } from './kinds.js';
export { ERROR_TYPES, FAILURES, type ConnectionEffect, type ErrorType, type Failure, type FailureCode } from './vocabulary.js';
export { errorTypeOf, failureOf, failureOfError, failureOfType, faultOf, isErrorType, isRetryableRequest, NON_RETRYABLE_TYPES } from './lookup.js';
export { REDACTED, scrubSecrets } from './scrub.js';
export { ConnectionNotFoundError, SourcesToRetryError, UnknownArtifactError, UnknownSourceError } from './errors.js';
