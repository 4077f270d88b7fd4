import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, StoreConfigError, StoreUnavailableError } from '../../src/store/index.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres-server.js';

const home = mkdtempSync(path.join(tmpdir(), 'iru-open-store-'));
const key = randomBytes(32).toString('base64');
let server: RunningPostgres;

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('openStore', () => {
  it('opens the SQLite file under the data dir without DATABASE_URL (or with an empty one)', async () => {
    for (const env of [{ IRU_EVIDENCE_HOME: home }, { IRU_EVIDENCE_HOME: home, DATABASE_URL: '' }]) {
      const store = openStore(env);
      expect(store).toBeInstanceOf(SqliteStore);
      expect((store as SqliteStore).file).toBe(path.join(home, 'evidence.sqlite'));
      await store.close();
    }
  });

  it('opens PostgreSQL with DATABASE_URL, migrating it on first use', async () => {
    const url = await server.createDatabase();
    const store = openStore({ IRU_EVIDENCE_HOME: home, IRU_EVIDENCE_KEY: key, DATABASE_URL: url });
    expect(store).toBeInstanceOf(PostgresStore);
    const saved = await store.saveConnection({ name: 'acme', baseUrl: 'https://acme.api.kandji.io', token: 'tok' });
    await store.close();
    const other = openStore({ IRU_EVIDENCE_HOME: home, IRU_EVIDENCE_KEY: key, DATABASE_URL: url });
    expect(await other.readToken(saved.id)).toBe('tok');
    await other.close();
  });

  it('rejects a bad DATABASE_URL, or one without a shared IRU_EVIDENCE_KEY, before connecting, never echoing the password', () => {
    const open =
      (DATABASE_URL: string, extra: Record<string, string> = { IRU_EVIDENCE_KEY: key }) =>
      () =>
        openStore({ IRU_EVIDENCE_HOME: home, DATABASE_URL, ...extra });
    expect(open('not a url')).toThrow(StoreConfigError);
    expect(open('not a url')).toThrow(/DATABASE_URL is not a URL/);
    expect(open('mysql://u:hunter2@db:3306/x')).toThrow(/must start with postgres:\/\/ or postgresql:\/\/, not mysql:/);
    expect(open('postgres://u:hunter2@db:5432')).toThrow(/must name one database/);
    expect(open('postgres://u:hunter2@db:5432/a/b')).toThrow(/must name one database/);
    expect(open('postgresql://u:hunter2@db:5432/iru', {})).toThrow(/IRU_EVIDENCE_KEY must be set too/);
    for (const bad of ['mysql://u:hunter2@db:3306/x', 'postgres://u:hunter2@db:5432', 'postgres://u:hunter2@db/']) {
      expect(open(bad)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
    }
  });

  it('says which server it cannot reach and why, on the first operation, without the password', async () => {
    const refused = openStore({ IRU_EVIDENCE_HOME: home, IRU_EVIDENCE_KEY: key, DATABASE_URL: 'postgres://iru:hunter2@127.0.0.1:1/iru' });
    const error = (await refused.listConnections().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toBe(
      'Cannot connect to PostgreSQL at iru@127.0.0.1:1/iru (DATABASE_URL): connection refused: is the server running and listening on that host and port?',
    );
    await refused.close();

    const missing = openStore({ IRU_EVIDENCE_HOME: home, IRU_EVIDENCE_KEY: key, DATABASE_URL: server.url('no_such_db') });
    await expect(missing.listConnections()).rejects.toThrow(/database "no_such_db" does not exist: create it first/);
    await missing.close();
  });
});
