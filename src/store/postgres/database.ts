import { ERROR_TYPES } from '../../failures/index.js';
import type pg from 'pg';
import type { DatabaseTarget } from './database-url.js';
import { migrate } from './migrations.js';

/** PostgreSQL cannot be reached, refuses us, or cannot be migrated: an environment problem with a specific fix. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = ERROR_TYPES.storeUnavailable;
}

export interface DatabaseOptions {
  /** Connections per process (default 10). */
  maxConnections?: number;
  connectTimeoutMs?: number;
}

/** The pg driver and the pool made with it. */
interface Driver {
  pg: typeof pg;
  pool: pg.Pool;
}

/**
 * A connection pool that migrates the schema before its first use. Nothing connects until a query runs, so opening the
 * store stays synchronous; a failed first connection is retried by the next query (the server may come back). The pg
 * driver itself is loaded by that first query, so a process on the SQLite store never loads it.
 */
export class Database {
  readonly label: string;
  private driver?: Promise<Driver>;
  private migration?: Promise<void>;
  private migrated = false;

  constructor(
    private readonly target: DatabaseTarget,
    private readonly options: DatabaseOptions = {},
  ) {
    this.label = target.label;
  }

  async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> {
    return this.withClient(async (client) => (await client.query<R>(text, values)).rows);
  }

  /** Runs `work` in one transaction: all of it is committed, or none. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.driver) await (await this.driver).pool.end();
  }

  private load(): Promise<Driver> {
    this.driver ??= import('pg').then(({ default: pg }) => {
      const pool = new pg.Pool({
        connectionString: this.target.connectionString,
        max: this.options.maxConnections ?? 10,
        connectionTimeoutMillis: this.options.connectTimeoutMs ?? 10_000,
        idleTimeoutMillis: 30_000,
        application_name: 'iru-evidence',
      });
      // An idle connection dropped by the server: the pool discards it and the next query reconnects.
      pool.on('error', () => {});
      return { pg, pool };
    });
    return this.driver;
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const driver = await this.load();
    const client = await this.connect(driver);
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      // A server-reported error leaves the connection usable; anything else (a dropped socket) discards it.
      if (!(error instanceof driver.pg.DatabaseError)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async connect(driver: Driver): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await driver.pool.connect();
    } catch (error) {
      throw new StoreUnavailableError(`Cannot connect to PostgreSQL at ${this.label} (DATABASE_URL): ${explain(error)}`);
    }
    if (!this.migrated) {
      try {
        this.migration ??= migrate(client).then(
          () => void (this.migrated = true),
          (error: unknown) => {
            this.migration = undefined;
            throw error;
          },
        );
        await this.migration;
      } catch (error) {
        client.release(true);
        if (error instanceof driver.pg.DatabaseError) {
          throw new StoreUnavailableError(
            `Cannot prepare the iru-evidence schema in PostgreSQL at ${this.label}: ${error.message} (the DATABASE_URL user needs CREATE on the database)`,
          );
        }
        throw error;
      }
    }
    return client;
  }
}

/** What went wrong connecting, and what to do about it. */
function explain(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused: is the server running and listening on that host and port?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host: check the host name in DATABASE_URL';
    case 'ETIMEDOUT':
      return 'timed out: check the host, the port and any firewall in between';
    case '28P01':
    case '28000':
      return `${e.message}: check the user and password in DATABASE_URL (special characters in the password must be percent-encoded)`;
    case '3D000':
      return `${e.message}: create it first (createdb, or CREATE DATABASE)`;
    case '57P03':
      return 'the server is starting up or shutting down: try again shortly';
    default:
      return /timeout/i.test(e.message ?? '') ? 'timed out: check the host, the port and any firewall in between' : (e.message ?? String(error));
  }
}
