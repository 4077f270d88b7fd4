import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from './auth/principal.js';
import { HttpError } from './http-error.js';

export interface HeavyWorkLimits {
  /** Heavy requests one principal (a user, whatever their sessions, or an API key) may have in flight. */
  perPrincipal: number;
  /** Heavy requests in flight for everyone together. */
  total: number;
  /** What Retry-After says to a refused request, in seconds. */
  retryAfterSeconds: number;
}

export const DEFAULT_HEAVY_WORK_LIMITS: HeavyWorkLimits = { perPrincipal: 2, total: 8, retryAfterSeconds: 5 };

/** Who a limit counts against: a signed-in user across all their sessions, or one API key. */
export function principalKey(principal: Principal | null): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'session' ? `user:${principal.user.id}` : `api-key:${principal.key.id}`;
}

/**
 * Requests that read a whole Artifact or period (verification, version comparison, exports, CSV): at most so many in
 * flight per principal and in all. One more is refused at once with 429 and Retry-After; nothing queues.
 */
export class HeavyWork {
  private readonly inFlight = new Map<string, number>();
  private total = 0;

  constructor(readonly limits: HeavyWorkLimits = DEFAULT_HEAVY_WORK_LIMITS) {}

  /** Takes a slot for this request's principal, or throws 429; call the returned function (once or more) to give it back. */
  enter(request: FastifyRequest): () => void {
    const key = principalKey(request.principal);
    const mine = this.inFlight.get(key) ?? 0;
    if (mine >= this.limits.perPrincipal || this.total >= this.limits.total) {
      const message =
        mine >= this.limits.perPrincipal
          ? `Too many heavy requests at once: you already have ${mine} in progress (at most ${this.limits.perPrincipal}); retry in ${this.limits.retryAfterSeconds} s`
          : `The server is busy with other heavy requests; retry in ${this.limits.retryAfterSeconds} s`;
      throw new HttpError(429, message, { 'retry-after': String(this.limits.retryAfterSeconds) });
    }
    this.inFlight.set(key, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }

  /** How many heavy requests are in flight (for this principal key, or in all). */
  count(key?: string): number {
    return key === undefined ? this.total : (this.inFlight.get(key) ?? 0);
  }
}

/** A route preHandler: the request holds a heavy-work slot until its response is finished or abandoned (streams included). */
export function heavyRequest(heavy: HeavyWork) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const release = heavy.enter(request);
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
  };
}
