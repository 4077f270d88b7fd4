import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/temporal/free-port.js';

export interface RunningPostgres {
  /** The cluster's superuser URL for a database. */
  url(database?: string): string;
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster from Debian's postgresql package: initdb into a temp dir, postgres on 127.0.0.1 on a
 * free port, no fsync. As root (postgres refuses to run as root) the cluster belongs to the `postgres` system user.
 * The server runs under a shell that stops it when our stdin pipe closes, so it cannot outlive the test process.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const owner = clusterOwner();
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-pg-'));
  const data = path.join(dir, 'data');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const asOwner = { ...(owner ?? {}), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' } };
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '--username=postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'], {
    ...asOwner,
    stdio: 'pipe',
    timeout: 60_000,
  });

  const port = await freePort();
  const script =
    '"$0" -D "$1" -p "$2" -h 127.0.0.1 -k "$1" -F -c full_page_writes=off -c synchronous_commit=off -c max_connections=200 ' +
    '& pid=$!; cat >/dev/null; kill -INT $pid 2>/dev/null; wait $pid';
  const child = spawn('sh', ['-c', script, path.join(bin, 'postgres'), data, String(port)], { ...asOwner, stdio: ['pipe', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-4_000)));
  const exited = once(child, 'exit');
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;

  const stop = async () => {
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilAccepting(url(), 30_000);
  } catch (error) {
    await stop();
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${(error as Error).message}\n${log}`);
  }

  return {
    url,
    async createDatabase() {
      const name = `iru_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url() });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop,
  };
}

/** The newest /usr/lib/postgresql/<version>/bin (Debian), else wherever initdb is on PATH. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return path.join(root, versions[0], 'bin');
  try {
    return path.dirname(execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error("initdb was not found: install Debian's postgresql package (npm run setup does it)");
  }
}

/** Running as root: the `postgres` system user. Otherwise: ourselves. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    };
  } catch {
    throw new Error("Tests run as root, and PostgreSQL refuses to: a `postgres` system user is needed (Debian's postgresql package creates it)");
  }
}

async function waitUntilAccepting(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await probe.connect();
      await probe.end();
      return;
    } catch (error) {
      await probe.end().catch(() => {});
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
