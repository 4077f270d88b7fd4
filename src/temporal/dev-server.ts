import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { privateFile, privateFolder } from '../config/home.js';
import { locateTemporalCli, TemporalCliNotFoundError } from './cli-locator.js';
import {
  ForeignTemporalError,
  listenerPids,
  newServerRecord,
  pidListensOn,
  portInUse,
  readServerRecord,
  recordOwnsPort,
  removeServerRecord,
  writeServerRecord,
  type ServerRecord,
} from './server-record.js';

export interface DevServerOptions {
  port: number;
  namespace: string;
  /** SQLite file for persistence; omit for an in-memory server (tests). */
  dbFile?: string;
  uiPort?: number;
  startTimeoutMs: number;
  cliPath?: string;
  /**
   * Where the product records the server it started (0600, in the data folder), so that a later command reuses that
   * server and no other. Without it a server already on the port is never reused.
   */
  recordFile?: string;
  log?: (msg: string) => void;
}

export interface RunningDevServer {
  address: string;
  /** False when a server this product started earlier (see recordFile) was already listening on the port and was reused. */
  owned: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the Temporal CLI dev server and waits until it answers, or reuses the one this product started earlier on the
 * port (its record names the pid listening there). Anything else on the port is refused: a server another process runs
 * there would read our histories and could start our workflows (ForeignTemporalError).
 * We spawn it ourselves instead of using the SDK's ephemeral server: its 5 s start-up deadline is too short on a loaded 2-core box.
 */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const address = `127.0.0.1:${options.port}`;
  if (await portInUse(options.port)) {
    const record = options.recordFile ? readServerRecord(options.recordFile) : undefined;
    if (!recordOwnsPort(record, options.port)) throw new ForeignTemporalError(options.port);
    await waitUntilServing(options.port, options.startTimeoutMs, new Promise<never>(() => {}), () => recordOwnsPort(record, options.port));
    return { address, owned: false, stop: async () => {} };
  }

  const cli = options.cliPath ?? locateTemporalCli(process.env, options.log)?.path;
  if (!cli) return startWithSdkDownload(options);

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace];
  args.push('--log-level', 'error', '--log-format', 'json');
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    privateFolder(path.dirname(options.dbFile));
    privateDatabase(options.dbFile);
    args.push('--db-filename', options.dbFile);
  }
  const child = spawnOwnerOnly(cli, args);
  let stopping = false;
  // Its errors are worth seeing, but not the ones it logs while we stop it.
  child.stderr?.on('data', (chunk: Buffer) => stopping || process.stderr.write(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Recorded at once, so that a command started while this server boots waits for it instead of refusing it.
  const record = child.pid !== undefined && options.recordFile ? newServerRecord(child.pid, options.port) : undefined;
  if (record) writeServerRecord(options.recordFile!, record);
  const forget = () => record && removeServerRecord(options.recordFile!, record.token);
  try {
    await waitUntilServing(options.port, options.startTimeoutMs, exited, () => child.pid !== undefined && pidListensOn(child.pid, options.port));
  } catch (error) {
    forget();
    stopping = true;
    await stopChild(child, exited);
    throw error;
  }
  if (options.dbFile) privateDatabase(options.dbFile);
  return {
    address,
    owned: true,
    stop: () => {
      stopping = true;
      return stopChild(child, exited).finally(forget);
    },
  };
}

/** The workflow history is evidence too: temporal.sqlite and its -wal/-shm are made owner-only (0600) where they exist. */
function privateDatabase(dbFile: string): void {
  // Not created here: the dev server sets up its schema only when the file does not exist yet.
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) privateFile(file);
}

/**
 * Spawns the dev server with umask 077, so that the files it creates (temporal.sqlite, its -wal and -shm) are 0600 from
 * the start. The umask is the process's, so it is set just around the spawn, which the child inherits; where it cannot be
 * set (a worker thread) the files are chmod-ed once the server answers.
 */
function spawnOwnerOnly(cli: string, args: string[]): ChildProcess {
  let saved: number | undefined;
  try {
    saved = process.umask(0o077);
  } catch {
    saved = undefined;
  }
  try {
    // Its own process group: Ctrl-C on the terminal reaches only us, and we stop it once the worker has let go (a
    // server killed first would leave the worker and client retrying against nothing).
    return spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  } finally {
    if (saved !== undefined) process.umask(saved);
  }
}

async function startWithSdkDownload(options: DevServerOptions): Promise<RunningDevServer> {
  options.log?.('No Temporal CLI found and `go install` failed: trying the Temporal SDK download (needs internet)');
  let testing: typeof import('@temporalio/testing');
  try {
    testing = await import('@temporalio/testing');
  } catch {
    throw new TemporalCliNotFoundError(
      'No Temporal CLI: set TEMPORAL_CLI, put `temporal` on PATH, or install Go and run `go install github.com/temporalio/cli/cmd/temporal@v1.5.1`',
    );
  }
  if (options.dbFile) privateFolder(path.dirname(options.dbFile));
  const env = await testing.TestWorkflowEnvironment.createLocal({
    server: { port: options.port, namespace: options.namespace, dbFilename: options.dbFile, ip: '127.0.0.1' },
  });
  if (options.dbFile) privateDatabase(options.dbFile);
  // The SDK does not tell the server's pid: the one of ours listening on the port is it.
  const [pid] = options.recordFile ? listenerPids(options.port) : [];
  const record: ServerRecord | undefined = pid !== undefined ? newServerRecord(pid, options.port) : undefined;
  if (record) writeServerRecord(options.recordFile!, record);
  return { address: env.address, owned: true, stop: () => env.teardown().finally(() => record && removeServerRecord(options.recordFile!, record.token)) };
}

async function isServing(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1_000 });
    try {
      await connection.healthService.check({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/** Waits until a server answers on `port`; when `isOurs` says the one answering is not ours, refuses it. */
async function waitUntilServing(port: number, timeoutMs: number, exited: Promise<number | null>, isOurs?: () => boolean): Promise<void> {
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`The Temporal dev server exited with code ${exitCode} before it was ready on ${address}`);
    if (await isServing(address)) {
      // Another process may take the port between our check and our server's bind, or after our server died.
      if (isOurs && !isOurs()) throw new ForeignTemporalError(port);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Temporal dev server did not answer on ${address} within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
