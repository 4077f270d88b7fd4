/**
 * A least-recently-used cache bounded by total weight (1 per entry unless a weigher says otherwise). The most recent
 * entry is always kept, even when it alone weighs more than the bound.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private readonly pending = new Map<K, Promise<V>>();
  private weight = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const existing = this.entries.get(key);
    if (existing) {
      this.weight -= existing.weight;
      this.entries.delete(key);
    }
    const weight = this.weigh(value);
    this.entries.set(key, { value, weight });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.maxWeight || this.entries.size === 1) break;
      this.entries.delete(oldest);
      this.weight -= entry.weight;
    }
  }

  /** The cached value, or the one `load` gives (concurrent callers share one load). */
  async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = load().finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
      const value = await pending;
      this.set(key, value);
      return value;
    }
    return pending;
  }

  get size(): number {
    return this.entries.size;
  }
}
