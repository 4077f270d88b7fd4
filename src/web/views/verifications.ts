import { createHash } from 'node:crypto';
import { verifyStoredArtifact } from '../../evidence/index.js';
import type { EvidenceStore, StoredArtifact } from '../../store/index.js';
import { LruCache } from '../records/lru.js';

/** One verification of a stored Artifact: both hash checks, when they ran, and what stored row they ran against. */
export interface Verification {
  sha256: boolean;
  contentSha256: boolean;
  verifiedAt: string;
  /** The stored row it checked: a cached result answers only for the same row (sha256 columns and envelope digest). */
  row: string;
}

function rowOf(stored: Pick<StoredArtifact, 'sha256' | 'contentSha256' | 'envelope'>): string {
  return `${stored.sha256}:${stored.contentSha256}:${createHash('sha256').update(stored.envelope).digest('hex')}`;
}

/** The default bound of the verification cache: 1 MiB (an entry is about 250 bytes). */
export const DEFAULT_CACHED_VERIFICATION_BYTES = 1024 * 1024;

/**
 * Verification results per Artifact id. Artifacts never change, so an intact result stays valid and is kept (bounded
 * in bytes, least recently used out). A mismatch is never kept: it means the stored document is not what was sealed,
 * so it is recomputed on every request (a restored store then verifies again). Concurrent verifications of one
 * Artifact share a single pass over its records.
 */
export class Verifications {
  private readonly cache: LruCache<string, Verification>;

  constructor(
    private readonly store: EvidenceStore,
    maxBytes: number,
  ) {
    this.cache = new LruCache(maxBytes, (v) => JSON.stringify(v).length + 40);
  }

  /** An intact result for exactly this stored row, if one is cached. */
  cached(stored: StoredArtifact): Verification | undefined {
    const cached = this.cache.get(stored.id);
    return cached && cached.row === rowOf(stored) ? cached : undefined;
  }

  /** Verifies (or joins the verification in progress), streaming the records through both hashes. */
  verify(stored: StoredArtifact, now: () => Date): Promise<Verification> {
    const row = rowOf(stored);
    const cached = this.cache.get(stored.id);
    if (cached && cached.row !== row) this.cache.delete(stored.id);
    return this.cache.getOrLoad(
      stored.id,
      async () => ({ ...(await verifyStoredArtifact(this.store, stored)), verifiedAt: now().toISOString(), row }),
      (v) => v.sha256 && v.contentSha256,
    );
  }
}
