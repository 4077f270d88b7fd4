export type Freshness = 'fresh' | 'due' | 'stale';

/**
 * Fresh until the last quarter of its validity window, then due (time to collect again), stale after expiresAt.
 */
export function freshnessAt(collectedAt: string, expiresAt: string, now: Date): Freshness {
  const expires = Date.parse(expiresAt);
  const lifetime = expires - Date.parse(collectedAt);
  const left = expires - now.getTime();
  if (left <= 0) return 'stale';
  return left <= lifetime / 4 ? 'due' : 'fresh';
}
