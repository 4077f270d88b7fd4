import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';

/** A real SQLite store in a fresh temporary data dir (IRU_EVIDENCE_HOME), its tokens encrypted with `key` (IRU_EVIDENCE_KEY). */
export function tempStore(): { store: SqliteStore; dir: string; key: Buffer; cleanup(): Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-evidence-test-'));
  const key = randomBytes(32);
  const store = new SqliteStore(path.join(dir, 'evidence.sqlite'), new TokenCipher(key));
  return {
    store,
    dir,
    key,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
