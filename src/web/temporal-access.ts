import { ServiceError } from '@temporalio/client';
import type { TemporalAccess, WebContext } from './context.js';
import { FAILURES } from '../failures/index.js';
import { HttpError } from './http-error.js';

function unavailable(detail: string): HttpError {
  const message = `Temporal cannot be reached from this server: ${detail}`;
  return new HttpError(503, message, {}, 'temporal_unreachable', FAILURES.temporal_unreachable.remedy);
}

/** Runs `work` with the app's Temporal client; no Temporal, or a call that cannot reach it, is a 503 temporal_unreachable (the failure vocabulary's code, as the CLI and pages say it). */
export async function withTemporal<T>(ctx: WebContext, work: (temporal: TemporalAccess) => Promise<T>): Promise<T> {
  const temporal = await ctx.temporal();
  if (!temporal) throw unavailable('no Temporal server answers: start everything with `iru-evidence dev`, or a worker with `iru-evidence worker`');
  try {
    return await work(temporal);
  } catch (error) {
    if (error instanceof ServiceError) throw unavailable(error.message);
    throw error;
  }
}
