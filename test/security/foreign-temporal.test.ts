// The embedded Temporal is the server the product started, or nothing: a server another process runs on its port is
// refused (it would read the collection histories and could start workflows), one the product started is reused.
// Runs the built CLI (bin/iru-evidence.js runs dist/: `npm run build` first).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateTemporalCli } from '../../src/temporal/cli-locator.js';
import { freePort } from '../../src/temporal/free-port.js';
import { pidListensOn, portInUse } from '../../src/temporal/server-record.js';

const BIN = fileURLToPath(new URL('../../bin/iru-evidence.js', import.meta.url));
const TASK_QUEUE = 'iru-evidence';
const homes: string[] = [];
const children: ChildProcess[] = [];

interface Cli {
  child: ChildProcess;
  stderr(): string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function home(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-foreign-temporal-'));
  homes.push(dir);
  return dir;
}

/** The CLI's environment; without `port` the product chooses the embedded server's port itself. */
function cliEnv(dataDir: string, port?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, IRU_EVIDENCE_HOME: dataDir, LOG_LEVEL: 'info' };
  for (const name of [
    'TEMPORAL_ADDRESS',
    'IRU_EVIDENCE_TEMPORAL_PORT',
    'TEMPORAL_API_KEY',
    'TEMPORAL_TLS',
    'DATABASE_URL',
    'REDIS_URL',
    'IRU_EVIDENCE_TEMPORAL_UI_PORT',
  ])
    delete env[name];
  if (port !== undefined) env.IRU_EVIDENCE_TEMPORAL_PORT = String(port);
  const located = locateTemporalCli(process.env);
  if (located) env.TEMPORAL_CLI = located.path;
  return env;
}

/** `node bin/iru-evidence.js ...args`; stopped (code null) after `timeoutMs`. */
function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    // SIGTERM first: the CLI then stops the dev server it started (a SIGKILL would orphan it).
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, stderr: () => stderr, done };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The identities of the workers polling the task queue on the server at `port`. */
async function pollers(port: number): Promise<string[]> {
  const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 5_000 });
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: TASK_QUEUE, kind: 1 }, // TASK_QUEUE_KIND_NORMAL
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    return (pollers ?? []).map((p) => p.identity ?? '');
  } finally {
    await connection.close();
  }
}

function expectRefused(result: { code: number | null; stdout: string; stderr: string }, port: number): void {
  const lines = result.stderr.trim().split('\n');
  expect(result.code, result.stderr).toBe(4);
  expect(lines, 'one line, no stack, no log lines').toHaveLength(1);
  expect(lines[0]).toMatch(/^iru-evidence: Temporal is not available: another process is listening on 127\.0\.0\.1:(\d+)/);
  expect(lines[0]).toContain(`127.0.0.1:${port}`);
  expect(lines[0]).toContain('not a Temporal server iru-evidence started');
  expect(lines[0]).toContain('Stop that process');
  expect(lines[0]).toContain('IRU_EVIDENCE_TEMPORAL_PORT');
  expect(lines[0]).toContain('TEMPORAL_ADDRESS');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
});

describe('a Temporal dev server another process runs on the embedded port', () => {
  let port: number;
  let foreign: ChildProcess;

  beforeAll(async () => {
    const cli = locateTemporalCli(process.env)?.path;
    expect(cli, 'a Temporal CLI (TEMPORAL_CLI, PATH or ~/go/bin)').toBeDefined();
    port = await freePort();
    foreign = spawn(cli!, ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(foreign);
    await until('the foreign server', async () => {
      try {
        await pollers(port);
        return true;
      } catch {
        return false;
      }
    });
  });

  afterAll(async () => {
    foreign.kill('SIGTERM');
    await until('the foreign server to stop', () => foreign.exitCode !== null || foreign.signalCode !== null, 20_000).catch(() => foreign.kill('SIGKILL'));
  });

  it('is refused with one clear line and exit 4, and no worker of ours ever polls it', async () => {
    const dataDir = home();
    const result = await runCli(['worker'], cliEnv(dataDir, port), 45_000).done;
    expectRefused(result, port);
    expect(await pollers(port), 'workers polling the foreign server').toEqual([]);
    expect(existsSync(path.join(dataDir, 'temporal-server.json')), 'no record of a server we did not start').toBe(false);
  });

  it('is refused even when the data folder records a live process of ours that does not listen there', async () => {
    const dataDir = home();
    // As after a crash: the record names a pid that is alive (this test process) but not the listener.
    writeFileSync(path.join(dataDir, 'temporal-server.json'), JSON.stringify({ pid: process.pid, port, token: 'x'.repeat(32), startedAt: '' }), {
      mode: 0o600,
    });
    expect(pidListensOn(process.pid, port)).toBe(false);
    const result = await runCli(['worker'], cliEnv(dataDir, port), 45_000).done;
    expectRefused(result, port);
    expect(await pollers(port)).toEqual([]);
  });

  it('an address the admin set explicitly (TEMPORAL_ADDRESS) is used as configured', async () => {
    const env = { ...cliEnv(home(), port), TEMPORAL_ADDRESS: `127.0.0.1:${port}` };
    const worker = runCli(['worker'], env, 90_000);
    await until('the worker on the configured server', () => worker.stderr().includes('worker running'));
    expect((await pollers(port)).some((identity) => identity.startsWith(`${worker.child.pid}@`))).toBe(true);
    worker.child.kill('SIGINT');
    expect((await worker.done).code).toBe(0);
  });
});

describe('a plain TCP listener on the embedded port', () => {
  let port: number;
  let server: Server;
  let received = 0;

  beforeAll(async () => {
    port = await freePort();
    server = createServer((socket) => socket.on('data', (chunk: Buffer) => (received += chunk.length)));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is refused with the same line and exit 4; nothing is sent to it', async () => {
    const result = await runCli(['worker'], cliEnv(home(), port), 45_000).done;
    expectRefused(result, port);
    expect(received, 'bytes sent to the foreign listener').toBe(0);
  });
});

describe('the dev server the product started', () => {
  it('runs on a port the product chose, is reused by a second command, and its record (0600) goes with it', async () => {
    const dataDir = home();
    const env = cliEnv(dataDir);
    const record = path.join(dataDir, 'temporal-server.json');

    const first = runCli(['worker'], env, 240_000);
    await until('the first worker', () => first.stderr().includes('worker running') || first.child.exitCode !== null, 180_000);
    expect(first.stderr()).toContain('worker running');
    // Not 7233, where a developer's own Temporal usually runs: a free port, chosen once and kept for later commands.
    const portFile = path.join(dataDir, 'temporal-port');
    expect(statSync(portFile).mode & 0o777).toBe(0o600);
    const port = Number(readFileSync(portFile, 'utf8'));
    expect(port).not.toBe(7233);
    expect(statSync(record).mode & 0o777).toBe(0o600);
    const { pid } = JSON.parse(readFileSync(record, 'utf8')) as { pid: number };
    expect(pidListensOn(pid, port), 'the recorded pid is the listener').toBe(true);

    const second = runCli(['worker'], env, 120_000);
    await until('the second worker', () => second.stderr().includes('worker running') || second.child.exitCode !== null, 60_000);
    expect(second.stderr()).not.toContain('another process');
    const identities = await pollers(port);
    expect(identities.some((i) => i.startsWith(`${first.child.pid}@`))).toBe(true);
    expect(
      identities.some((i) => i.startsWith(`${second.child.pid}@`)),
      'the second command polls the same server',
    ).toBe(true);

    second.child.kill('SIGINT');
    expect((await second.done).code).toBe(0);
    expect(existsSync(record), 'a command that reused the server leaves the record').toBe(true);
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(0);
    expect(existsSync(record), 'the record goes with the server').toBe(false);
    expect(await portInUse(port)).toBe(false);
  });
});
