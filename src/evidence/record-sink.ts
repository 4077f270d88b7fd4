import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-hash.js';
import type { RecordOrder } from './sort.js';

/** One Artifact record as the store keeps it: canonical JSON, placed by its sort key, equal keys ordered by content. */
export interface SortedRecord {
  sortKey: string;
  /** Orders records with equal keys: a digest of the body (not a security hash), so the order never depends on arrival. */
  tie: string;
  body: string;
}

/** Where a build's records go, a batch at a time (the store, or memory for a small Artifact). */
export type RecordBatchWriter = (batch: SortedRecord[]) => Promise<void>;

/** Records per batch written: the store sorts each batch into a run and merges runs when reading. */
const BATCH_SIZE = 5_000;
/** Records between yields to the event loop, so collection running on the same worker keeps going during a build. */
const YIELD_EVERY = 1_000;

/** Streams an Artifact's records to the store as they are built, a batch at a time: a build never holds the whole fleet. */
export class RecordSink<R extends object> {
  private batch: SortedRecord[] = [];
  private written = 0;

  constructor(
    private readonly order: RecordOrder<R>,
    private readonly write: RecordBatchWriter,
    private readonly validate: (record: R) => void,
  ) {}

  get count(): number {
    return this.written + this.batch.length;
  }

  async add(record: R): Promise<void> {
    this.validate(record);
    const body = canonicalJson(record);
    this.batch.push({ sortKey: this.order.encode(record), tie: hash('sha1', body), body });
    if (this.batch.length >= BATCH_SIZE) await this.flush();
    else if (this.batch.length % YIELD_EVERY === 0) await yieldToEventLoop();
  }

  async close(): Promise<number> {
    await this.flush();
    return this.written;
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    await this.write(batch);
    this.written += batch.length;
    await yieldToEventLoop();
  }
}
