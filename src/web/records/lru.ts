/**
 * A least-recently-used cache bounded by total weight (1 per entry unless a weigher says otherwise, e.g. its size in
 * bytes). An entry that alone weighs more than the bound is not kept: the caller gets it, the cache forgets it.
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
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.maxWeight) break;
      this.entries.delete(oldest);
      this.weight -= entry.weight;
    }
  }

  delete(key: K): void {
    const existing = this.entries.get(key);
    if (!existing) return;
    this.weight -= existing.weight;
    this.entries.delete(key);
  }

  /**
   * The cached value, or the one `load` gives (concurrent callers share one load); it is kept only when `keep` says so
   * (and it fits).
   */
  async getOrLoad(key: K, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = load()
        .then((value) => {
          if (keep(value)) this.set(key, value);
          return value;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The total weight held. */
  get weighs(): number {
    return this.weight;
  }
}
