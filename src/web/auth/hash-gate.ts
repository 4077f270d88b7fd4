/** The gate is full: the sign-in is refused without hashing, to be retried shortly. */
export class HashGateFullError extends Error {
  override readonly name = 'HashGateFullError';
}

export interface HashGateLimits {
  /** Hashes computed at once (each takes a libuv thread and ~128 MiB). */
  concurrent: number;
  /** Sign-ins waiting for a slot; more are refused. */
  queued: number;
  /** Sign-ins from one address running or waiting: one address cannot fill the queue. */
  perAddress: number;
}

export const HASH_GATE_LIMITS: HashGateLimits = { concurrent: 2, queued: 8, perAddress: 2 };

/**
 * Password hashing goes through here: at most `concurrent` at once, a bounded queue, and a bounded share per address, so
 * a flood of sign-ins cannot fill the libuv pool or make a real sign-in wait behind hundreds of hashes. A sign-in waits
 * at most behind `queued / concurrent + 1` hashes, and behind none of the sign-ins refused.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: HashGateLimits = HASH_GATE_LIMITS) {}

  async run<T>(address: string, work: () => Promise<T>): Promise<T> {
    const held = this.byAddress.get(address) ?? 0;
    const mustWait = this.running >= this.limits.concurrent;
    if (held >= this.limits.perAddress || (mustWait && this.waiting.length >= this.limits.queued)) throw new HashGateFullError('Too many sign-ins at once');
    this.byAddress.set(address, held + 1);
    try {
      if (mustWait) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running++;
      try {
        return await work();
      } finally {
        // The slot passes straight to the next in line, or is given back.
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    } finally {
      const left = (this.byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
    }
  }
}
