import { compareText } from './sort.js';

/** Named integer counts for an Artifact summary, e.g. `severity:High` -> 12. */
export class Counter {
  private readonly counts = new Map<string, number>();

  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }

  entries(): [string, number][] {
    return [...this.counts].sort(([a], [b]) => compareText(a, b));
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }
}
