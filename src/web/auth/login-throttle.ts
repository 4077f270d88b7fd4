import type { SignInFailures } from '../../store/index.js';
import type { SignInFailureCounter } from './redis-sign-in-failures.js';

/** A key's failures are forgotten this long after its latest one. */
export const FORGET_AFTER_MS = 60 * 60_000;
/** Failures free of any delay: per user name at one address, and per address (offices share one behind NAT). */
export const FREE_FAILURES = { user: 5, address: 20 };
const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/** How long a key waits after its `failures`-th failure: nothing while free, then 1 s, 2 s, 4 s ... up to 15 minutes. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - free - 1, 30));
}

export interface ThrottleWait {
  /** Whole seconds until the next try is checked (0: now). */
  seconds: number;
  /** Which key waits longest: the user name at this address, or the whole address. */
  reason: 'user' | 'address' | undefined;
}

/**
 * Failed sign-ins counted per (user name, client address) and per client address in the store (or Redis), so every web
 * process sees the same counts. Past a few free failures each further failure makes that key wait twice as long before its
 * next try is even checked. Failures from elsewhere never delay a user at their own address: there is no per-user key.
 * A successful sign-in clears its (user name, address) count.
 */
export class LoginThrottle {
  private lastPrune = 0;

  constructor(private readonly store: SignInFailureCounter) {}

  async wait(username: string, address: string, now: Date): Promise<ThrottleWait> {
    const keys = this.keys(username, address);
    const counts = await this.store.signInFailures([keys.user, keys.address], forgetBefore(now));
    return waitFor(keys, counts, now);
  }

  /** Counts a failure; returns the wait it starts. */
  async fail(username: string, address: string, now: Date): Promise<ThrottleWait> {
    const keys = this.keys(username, address);
    const counts = await this.store.recordSignInFailure([keys.user, keys.address], now.toISOString(), forgetBefore(now));
    if (now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      await this.store.pruneSignInFailures(forgetBefore(now));
    }
    return waitFor(keys, counts, now);
  }

  async succeed(username: string, address: string): Promise<void> {
    await this.store.clearSignInFailures(this.keys(username, address).user);
  }

  private keys(username: string, address: string): { user: string; address: string } {
    return { user: `user ${JSON.stringify([address, username])}`, address: `address ${address}` };
  }
}

function forgetBefore(now: Date): string {
  return new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
}

function waitFor(keys: { user: string; address: string }, counts: SignInFailures[], now: Date): ThrottleWait {
  let best: ThrottleWait = { seconds: 0, reason: undefined };
  for (const count of counts) {
    const reason = count.key === keys.user ? 'user' : 'address';
    const until = Date.parse(count.lastFailureAt) + delayAfter(count.failures, FREE_FAILURES[reason]);
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    if (seconds > best.seconds) best = { seconds, reason };
  }
  return best;
}
