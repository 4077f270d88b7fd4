import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';

/** A real SQLite store in a fresh temporary data dir. */
export function tempStore(): { store: SqliteStore; dir: string; cleanup(): Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-evidence-test-'));
  const store = new SqliteStore(path.join(dir, 'evidence.sqlite'), new TokenCipher(randomBytes(32)));
  return {
    store,
    dir,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
