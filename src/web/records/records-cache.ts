import { artifactRecordObjects } from '../../evidence/index.js';
import { publishedArtifact } from '../../read-model/artifact-document.js';
import { inSchemaOrder } from '../../read-model/record-fields.js';
import type { EvidenceStore } from '../../store/index.js';
import { LruCache } from './lru.js';

/** One Artifact's records, read from the store a record at a time and parsed once, with what searching and sorting them needs (built on first use). */
export interface ArtifactRecords {
  id: string;
  records: Record<string, unknown>[];
  /** Top-level field names in the type's schema order (first-seen for fields it does not name). */
  columns: string[];
  searchText?: string[];
  /** Record indexes in ascending order, per column. */
  sortOrders: Map<string, Uint32Array>;
}

/**
 * Parsed records per Artifact id, least recently used first out, bounded by the total number of records held.
 * Artifacts never change, so an entry never goes stale.
 */
export class RecordsCache {
  private readonly cache: LruCache<string, ArtifactRecords>;

  constructor(
    private readonly store: EvidenceStore,
    maxRecords: number,
  ) {
    this.cache = new LruCache(maxRecords, (entry) => Math.max(1, entry.records.length));
  }

  get(id: string): Promise<ArtifactRecords> {
    return this.cache.getOrLoad(id, async () => {
      const { type } = await publishedArtifact(this.store, id);
      const records: Record<string, unknown>[] = [];
      const columns = new Set<string>();
      for await (const record of inSchemaOrder(type, artifactRecordObjects(this.store, id))) {
        records.push(record);
        for (const name of Object.keys(record)) columns.add(name);
      }
      return { id, records, columns: [...columns], sortOrders: new Map() };
    });
  }
}
