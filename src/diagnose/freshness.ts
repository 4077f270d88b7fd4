/** An Artifact's freshness against its expiry: fresh, due (in the last 20% of its lifetime), or stale (expired). */

export type Freshness = 'fresh' | 'due' | 'stale';

/** The share of an Artifact's lifetime before expiresAt during which it is "due" for a refresh. */
export const DUE_SHARE = 0.2;

export function freshnessOf(collectedAt: string, expiresAt: string, now: Date): { freshness: Freshness; dueAt: string } {
  const collected = Date.parse(collectedAt);
  const expires = Date.parse(expiresAt);
  const dueAt = new Date(expires - (expires - collected) * DUE_SHARE);
  const t = now.getTime();
  const freshness: Freshness = t >= expires ? 'stale' : t >= dueAt.getTime() ? 'due' : 'fresh';
  return { freshness, dueAt: dueAt.toISOString() };
}
