import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import Database from 'better-sqlite3';
import { migrate as migratePostgres } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { migrate as migrateSqlite } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import type { EvidenceStore } from '../../src/store/types.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres-server.js';

/** Every store test runs once per backend: `describe.each(BACKENDS)('%s store', (backend) => { const stores = useStoreBackend(backend); ... })`. */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface StoreFactory {
  /**
   * A store on a fresh, empty database (a new SQLite file, or a new PostgreSQL database), closed after the test.
   * PostgreSQL databases sort text by an ICU en-US collation by default, as many real ones do, so a comparison that
   * forgets `COLLATE "C"` is caught: that locale ignores control characters (our key separators) and puts é by e.
   */
  fresh(cipher?: TokenCipher): Promise<EvidenceStore>;
  /** Another store on the same database, as another process or host would open it. */
  reopen(store: EvidenceStore, cipher?: TokenCipher): EvidenceStore;
  /** Every byte the backend holds for the connections (SQLite: the whole file and WAL; PostgreSQL: each column's bytes). */
  connectionBytes(store: EvidenceStore): Promise<Buffer>;
  /** Records a schema version beyond this build's, as a newer iru-evidence sharing the database would. */
  pretendNewerSchema(store: EvidenceStore): Promise<void>;
  /**
   * A store on a new database left by this build's own migrations at the last schema that kept Artifact records inside
   * the document (`artifacts.document_json`), after `seed` wrote to it with SQL (`?` placeholders, SQL both backends
   * read: `true` for booleans). The store migrates it the rest of the way when opened (SQLite) or first used (PostgreSQL).
   */
  beforeArtifactRecords(seed: Seed): Promise<EvidenceStore>;
  /** A store whose database was at `versions[backend]` (an older release's schema) when `seed` wrote to it, migrated on open. */
  atSchema(versions: Record<BackendName, number>, seed: Seed): Promise<EvidenceStore>;
}

type Seed = (sql: (text: string, values?: unknown[]) => Promise<void>) => Promise<void>;

/** The last schema version with whole Artifact documents: SQLite's migration 3 and PostgreSQL's 2 moved the records out. */
export const SCHEMA_BEFORE_ARTIFACT_RECORDS: Record<BackendName, number> = { sqlite: 2, postgres: 1 };

type Location = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Registers the backend's hooks in the calling describe block: one PostgreSQL cluster per file, closing stores after each test. */
export function useStoreBackend(name: BackendName): StoreFactory {
  let server: RunningPostgres | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-store-test-'));
  const locations = new WeakMap<EvidenceStore, Location>();
  let open: EvidenceStore[] = [];
  const defaultCipher = new TokenCipher(randomBytes(32));

  beforeAll(async () => {
    if (name === 'postgres') server = await startPostgres();
  });
  afterEach(async () => {
    await Promise.allSettled(open.map((s) => s.close()));
    open = [];
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const at = (location: Location, cipher: TokenCipher): EvidenceStore => {
    const store = location.kind === 'sqlite' ? new SqliteStore(location.file, cipher) : new PostgresStore(location.url, cipher);
    locations.set(store, location);
    open.push(store);
    return store;
  };
  const locationOf = (store: EvidenceStore) =>
    locations.get(store) ??
    (() => {
      throw new Error('not a store from this factory');
    })();
  const withPg = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  const createDatabase = async (): Promise<string> => {
    const database = `iru_store_${randomBytes(6).toString('hex')}`;
    await withPg(server!.url(), (client) => client.query(`CREATE DATABASE ${database} TEMPLATE template0 LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`));
    return server!.url(database);
  };

  return {
    async fresh(cipher = defaultCipher) {
      const location: Location =
        name === 'sqlite'
          ? { kind: 'sqlite', file: path.join(mkdtempSync(path.join(dir, 'db-')), 'evidence.sqlite') }
          : { kind: 'postgres', url: await createDatabase() };
      return at(location, cipher);
    },
    reopen(store, cipher = defaultCipher) {
      return at(locationOf(store), cipher);
    },
    async connectionBytes(store) {
      const location = locationOf(store);
      if (location.kind === 'sqlite') {
        return Buffer.concat(
          ['', '-wal'].map((suffix) => {
            try {
              return readFileSync(location.file + suffix);
            } catch {
              return Buffer.alloc(0);
            }
          }),
        );
      }
      return withPg(location.url, async (client) => {
        const { rows } = await client.query<Record<string, unknown>>('SELECT * FROM connections');
        return Buffer.concat(rows.flatMap((row) => Object.values(row).map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v))))));
      });
    },
    async pretendNewerSchema(store) {
      const location = locationOf(store);
      if (location.kind === 'postgres')
        return void (await withPg(location.url, (client) => client.query('INSERT INTO schema_migrations (version) VALUES (999)')));
      const db = new Database(location.file);
      db.pragma('user_version = 999');
      db.close();
    },
    beforeArtifactRecords(seed) {
      return this.atSchema(SCHEMA_BEFORE_ARTIFACT_RECORDS, seed);
    },
    async atSchema(versions, seed) {
      const version = versions[name];
      if (name === 'postgres') {
        const url = await createDatabase();
        await withPg(url, async (client) => {
          await migratePostgres(client, version);
          await seed(async (text, values) => {
            let n = 0;
            await client.query(
              text.replace(/\?/g, () => `$${++n}`),
              values,
            );
          });
        });
        return at({ kind: 'postgres', url }, defaultCipher);
      }
      const file = path.join(mkdtempSync(path.join(dir, 'db-')), 'evidence.sqlite');
      const db = new Database(file);
      try {
        // SQLite's migrate() runs every migration it knows; this view of the database refuses those past `version`,
        // which stops it there (the refused migration's transaction rolls back having done nothing).
        const stop = new Error('stop');
        const upToVersion = {
          pragma: db.pragma.bind(db),
          transaction: db.transaction.bind(db),
          exec(sql: string) {
            if ((db.pragma('user_version', { simple: true }) as number) >= version) throw stop;
            return db.exec(sql);
          },
        };
        try {
          migrateSqlite(upToVersion as unknown as Database.Database);
        } catch (error) {
          if (error !== stop) throw error;
        }
        if (db.pragma('user_version', { simple: true }) !== version) throw new Error(`the SQLite schema is not at version ${version}`);
        await seed(async (text, values = []) => void db.prepare(text).run(...values));
      } finally {
        db.close();
      }
      return at({ kind: 'sqlite', file }, defaultCipher);
    },
  };
}
