import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

/**
 * Which embedded Temporal server is ours. When the product starts the dev server it writes the server's pid, port and a
 * random per-start token to a 0600 file in the data folder; a later command reuses a server on the port only when that
 * file is ours and its pid is alive, signalable by us (same user) and the process listening on the port. Anything else
 * listening there is another process's server, and using it would hand it our histories and let it run our workflows.
 */
export interface ServerRecord {
  pid: number;
  port: number;
  token: string;
  startedAt: string;
}

export class ForeignTemporalError extends Error {
  override readonly name = 'ForeignTemporalError';
  readonly code = 'TEMPORAL_PORT_TAKEN';
  constructor(readonly port: number) {
    super(
      `another process is listening on 127.0.0.1:${port}, and it is not a Temporal server iru-evidence started: refusing to use it ` +
        `(it could read collection histories and run workflows). Stop that process, or set IRU_EVIDENCE_TEMPORAL_PORT to a free port ` +
        `for the embedded server (or, when the product chose this port, remove temporal-port from the data folder to choose again), ` +
        `or set TEMPORAL_ADDRESS to a Temporal server you chose`,
    );
  }
}

export function newServerRecord(pid: number, port: number): ServerRecord {
  return { pid, port, token: randomBytes(16).toString('hex'), startedAt: new Date().toISOString() };
}

/** Writes the record readable by this user only (0600, in a 0700 folder when we create it), atomically. */
export function writeServerRecord(file: string, record: ServerRecord): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${record.token.slice(0, 8)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
}

/** The record, when the file exists, is this user's, is not writable by others and parses; else undefined. */
export function readServerRecord(file: string): ServerRecord | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || (stat.mode & 0o077) !== 0) return undefined;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return undefined;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerRecord>;
    if (!Number.isInteger(parsed.pid) || !Number.isInteger(parsed.port) || typeof parsed.token !== 'string') return undefined;
    return parsed as ServerRecord;
  } catch {
    return undefined;
  }
}

/** Removes the record only when it is still the one with `token` (a later start may have replaced it). */
export function removeServerRecord(file: string, token: string): void {
  if (readServerRecord(file)?.token === token) rmSync(file, { force: true });
}

/** Whether anything accepts TCP connections on 127.0.0.1:port (a gRPC server or not). */
export function portInUse(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (inUse: boolean) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(timeoutMs, () => done(true)); // something holds the port but does not answer: not free either
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code !== 'ECONNREFUSED'));
  });
}

/** Whether `record` is a server we started that is still the one listening on its port. */
export function recordOwnsPort(record: ServerRecord | undefined, port: number): boolean {
  return record !== undefined && record.port === port && pidListensOn(record.pid, port);
}

/** Whether process `pid` is alive, ours to signal, and listening on TCP `port`. */
export function pidListensOn(pid: number, port: number): boolean {
  try {
    process.kill(pid, 0); // throws ESRCH when gone, EPERM when another user's
  } catch {
    return false;
  }
  if (process.platform === 'linux') return procListenerPids(port, [pid]).includes(pid);
  return lsofListenerPids(port, pid).includes(pid);
}

/** The pids (among this user's processes) listening on TCP `port`: the server the SDK started has no pid we know. */
export function listenerPids(port: number): number[] {
  if (process.platform === 'linux') {
    const pids = readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .map(Number);
    return procListenerPids(port, pids);
  }
  return lsofListenerPids(port);
}

function procListenerPids(port: number, pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = fields;
      if (!local || state !== '0A' || !inode) continue; // 0A: LISTEN
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(inode);
    }
  }
  if (inodes.size === 0) return [];
  return pids.filter((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
          return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
        } catch {
          return false;
        }
      });
    } catch {
      return false; // gone, or another user's
    }
  });
}

function lsofListenerPids(port: number, pid?: number): number[] {
  const args = ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'];
  if (pid !== undefined) args.unshift('-a', '-p', String(pid));
  try {
    return execFileSync('lsof', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 })
      .split('\n')
      .filter((l) => /^\d+$/.test(l.trim()))
      .map(Number);
  } catch {
    return []; // none (lsof exits 1), or no lsof: then nothing is proven ours
  }
}
