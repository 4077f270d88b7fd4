const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;
const MAX_TRACKED = 10_000;

/** Failed sign-ins per username in a sliding window; past the limit the account waits, whatever the password. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  /** Minutes to wait, or 0 when a try is allowed. */
  waitMinutes(username: string, now: Date): number {
    const recent = this.recent(username, now);
    if (recent.length < MAX_FAILURES) return 0;
    return Math.ceil((recent[0]! + WINDOW_MS - now.getTime()) / 60_000);
  }

  fail(username: string, now: Date): void {
    if (this.failures.size >= MAX_TRACKED) this.forgetOld(now);
    this.failures.set(username, [...this.recent(username, now), now.getTime()]);
  }

  /** Guessed usernames must not grow memory without bound: drop those with no failure in the window. */
  private forgetOld(now: Date): void {
    for (const username of this.failures.keys()) if (this.recent(username, now).length === 0) this.failures.delete(username);
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }

  private recent(username: string, now: Date): number[] {
    return (this.failures.get(username) ?? []).filter((t) => t > now.getTime() - WINDOW_MS);
  }
}
