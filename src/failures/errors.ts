import { ERROR_TYPES } from './vocabulary.js';

/*
 * The collector's and the builder's own failures, each with its code in the failure vocabulary: thrown by plain functions
 * in src/, mapped to Temporal's ApplicationFailure by activities/activity-failure.ts.
 */

export class ConnectionNotFoundError extends Error {
  override readonly name = 'ConnectionNotFoundError';
  readonly code = ERROR_TYPES.connectionNotFound;
  constructor(connectionId: string) {
    super(`No connection with id ${connectionId}`);
  }
}

export class UnknownSourceError extends Error {
  override readonly name = 'UnknownSourceError';
  readonly code = ERROR_TYPES.unknownSource;
  constructor(unknown: string[], known: readonly string[]) {
    super(`Unknown source(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
}

export class UnknownArtifactError extends Error {
  override readonly name = 'UnknownArtifactError';
  readonly code = ERROR_TYPES.unknownArtifact;
  constructor(type: string) {
    super(`No Artifact type ${type}`);
  }
}

/** Some sources failed in a way another attempt may get past: try again after `retryDelayMs` (a durable wait). */
export class SourcesToRetryError extends Error {
  override readonly name = 'SourcesToRetryError';
  readonly code = ERROR_TYPES.sourcesToRetry;
  readonly retryDelayMs: number;
  constructor(message: string, retryDelayMs: number) {
    super(message);
    this.retryDelayMs = retryDelayMs;
  }
}
