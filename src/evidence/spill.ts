import { RecordSink, type RecordBatchWriter } from './record-sink.js';
import type { RecordOrder } from './sort.js';

/** Where a spill's items go and come back from: the store, under an id of their own. */
export interface SpillStorage {
  write: RecordBatchWriter;
  read(): AsyncIterable<string>;
  remove(): Promise<void>;
}

/**
 * Items too many to hold (one per Prism row, say), put aside through the store and read back sorted, so a build can
 * group them (all the rows of one device together) holding one group at a time.
 */
export class Spill<T extends object> {
  private readonly sink: RecordSink<T>;

  constructor(
    order: RecordOrder<T>,
    private readonly storage: SpillStorage,
  ) {
    this.sink = new RecordSink(order, storage.write, () => {});
  }

  add(item: T): Promise<void> {
    return this.sink.add(item);
  }

  /** Every item added, in order; the spill is emptied once read. */
  async *sorted(): AsyncIterable<T> {
    await this.sink.close();
    for await (const body of this.storage.read()) yield JSON.parse(body) as T;
    await this.storage.remove();
  }
}
