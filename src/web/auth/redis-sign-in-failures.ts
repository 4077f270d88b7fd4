import type { Redis } from 'ioredis';
import type { SignInAttemptStore, SignInFailures } from '../../store/index.js';

/** Where the sign-in throttle counts failures: the store by default, or Redis when REDIS_URL is set. */
export type SignInFailureCounter = Pick<SignInAttemptStore, 'recordSignInFailure' | 'signInFailures' | 'clearSignInFailures' | 'pruneSignInFailures'>;

/**
 * Counts one failure: restarts the count when the last failure was before ARGV[2], keeps the latest time, and lets the
 * key expire when it would be forgotten anyway (ARGV[3] ms). Returns { failures, last failure in ms }.
 */
const RECORD = `
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local at = tonumber(ARGV[1])
local failures = 1
if last >= tonumber(ARGV[2]) then failures = redis.call('HINCRBY', KEYS[1], 'failures', 1) else redis.call('HSET', KEYS[1], 'failures', 1) end
if at > last then last = at end
redis.call('HSET', KEYS[1], 'last', last)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return { failures, last }`;

/** The sign-in failure counts as self-expiring Redis hashes, shared by every web process on the Redis server. */
export class RedisSignInFailures implements SignInFailureCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'iru-evidence:sign-in',
  ) {}

  async recordSignInFailure(keys: string[], at: string, forgetBefore: string): Promise<SignInFailures[]> {
    const atMs = Date.parse(at);
    const ttl = Math.max(1, atMs - Date.parse(forgetBefore));
    const counts: SignInFailures[] = [];
    for (const key of keys) {
      const [failures, last] = (await this.redis.eval(RECORD, 1, this.redisKey(key), atMs, Date.parse(forgetBefore), ttl)) as [number, number];
      counts.push({ key, failures, lastFailureAt: new Date(last).toISOString() });
    }
    return counts;
  }

  async signInFailures(keys: string[], forgetBefore: string): Promise<SignInFailures[]> {
    const counts: SignInFailures[] = [];
    for (const key of keys) {
      const [failures, last] = await this.redis.hmget(this.redisKey(key), 'failures', 'last');
      if (failures && last && Number(last) >= Date.parse(forgetBefore))
        counts.push({ key, failures: Number(failures), lastFailureAt: new Date(Number(last)).toISOString() });
    }
    return counts;
  }

  async clearSignInFailures(key: string): Promise<void> {
    await this.redis.del(this.redisKey(key));
  }

  /** Nothing to do: the keys expire by themselves. */
  async pruneSignInFailures(): Promise<number> {
    return 0;
  }

  private redisKey(key: string): string {
    return `${this.prefix}:${key}`;
  }
}
