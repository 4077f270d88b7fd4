import { publishedArtifact } from '../../read-model/artifact-document.js';
import { inSchemaOrder } from '../../read-model/record-fields.js';
import type { EvidenceStore } from '../../store/index.js';
import { LruCache } from './lru.js';

/** One Artifact's records, read from the store a record at a time and parsed once, with what searching and sorting them needs (built on first use). */
export interface ArtifactRecords {
  id: string;
  /** The connection the Artifact was collected from. */
  connectionId: string;
  records: Record<string, unknown>[];
  /** Top-level field names in the type's schema order (first-seen for fields it does not name). */
  columns: string[];
  searchText?: string[];
  /** Record indexes in ascending order, per column. */
  sortOrders: Map<string, Uint32Array>;
  /** The records' size as stored (serialized JSON, in characters): what the cache counts. */
  bytes: number;
}

/**
 * Parsed records per Artifact id, least recently used first out, bounded by the records' total serialized size (an
 * estimate of the memory they hold); an Artifact whose records alone exceed the bound is served but not kept.
 * Artifacts never change, so an entry never goes stale.
 */
export class RecordsCache {
  private readonly cache: LruCache<string, ArtifactRecords>;

  constructor(
    private readonly store: EvidenceStore,
    maxBytes: number,
  ) {
    this.cache = new LruCache(maxBytes, (entry) => Math.max(1, entry.bytes));
  }

  get(id: string): Promise<ArtifactRecords> {
    return this.cache.getOrLoad(id, async () => {
      const { type, connectionId } = await publishedArtifact(this.store, id);
      const records: Record<string, unknown>[] = [];
      const columns = new Set<string>();
      let bytes = 0;
      const store = this.store;
      async function* parsed(): AsyncIterable<Record<string, unknown>> {
        for await (const body of store.artifactRecords(id)) {
          bytes += body.length;
          yield JSON.parse(body) as Record<string, unknown>;
        }
      }
      for await (const record of inSchemaOrder(type, parsed())) {
        records.push(record);
        for (const name of Object.keys(record)) columns.add(name);
      }
      return { id, connectionId, records, columns: [...columns], sortOrders: new Map(), bytes };
    });
  }
}

/** The default bound of the records cache: 128 MiB of serialized records (parsed, they take a few times that). */
export const DEFAULT_CACHED_RECORD_BYTES = 128 * 1024 * 1024;
