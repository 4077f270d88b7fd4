// The CLI as a person sees it in a terminal (a real pseudo-terminal): each failure is one message and what to do
// about it, no stack and no log lines, with the exit code README's table documents. Runs the built CLI
// (bin/iru-evidence.js runs dist/: `npm run build` first); each collect that gets as far as Temporal starts the
// embedded dev server of its own data folder.
import { randomUUID } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoint, ENDPOINT_NAMES } from '../../src/iru/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { locateTemporalCli } from '../../src/temporal/cli-locator.js';
import { freePort } from '../../src/temporal/free-port.js';
import { runInTerminal, shownLines, type TerminalRun } from '../helpers/pty.js';

const BIN = fileURLToPath(new URL('../../bin/iru-evidence.js', import.meta.url));
const FAKE_DNS = fileURLToPath(new URL('../helpers/fake-dns.mjs', import.meta.url));
/** README "Exit codes", written out here rather than read from the code under test. */
const EXIT = { failed: 1, badInput: 2, tokenRejected: 3, environment: 4, partial: 5, interrupted: 130 };

const GOOD = randomUUID();
const WRONG = randomUUID();
const NO_TAGS = randomUUID();
const STACK = /^\s+at |Error: |\{"level"|"msg":|taskToken|task_token/m;

let home: string;
let sim: RunningSimulator;
let slow: RunningSimulator;
const files: Record<string, string> = {};
const servers: Server[] = [];

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'iru-terminal-'));
  const tags = endpoint('tags').path;
  const withoutTags = [...ENDPOINT_NAMES.map((n) => endpoint(n).path).filter((p) => p !== tags), '/api/v1/prism/count'];
  sim = await startSimulator({
    fleet: { seed: 11, devices: 30, now: new Date().toISOString() },
    tokens: { [GOOD]: { permissions: 'all' }, [NO_TAGS]: { permissions: withoutTags } },
  });
  // Slow enough that Ctrl-C comes while it collects.
  slow = await startSimulator({ fleet: { seed: 12, devices: 300, now: new Date().toISOString() }, tokens: { [GOOD]: { permissions: 'all' } }, latencyMs: 400 });
  for (const [name, token] of Object.entries({ good: GOOD, wrong: WRONG, noTags: NO_TAGS })) {
    files[name] = path.join(home, `${name}.token`);
    writeFileSync(files[name], `${token}\n`, { mode: 0o600 });
  }
});

afterAll(async () => {
  await Promise.all([sim?.close(), slow?.close(), ...servers.map((s) => new Promise((r) => s.close(r)))]);
  rmSync(home, { recursive: true, force: true });
});

/** The CLI's environment: its own data folder and embedded Temporal, logs at their default level. */
function env(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, IRU_EVIDENCE_HOME: dataDir, TERM: 'xterm', ...extra };
  for (const name of ['TEMPORAL_ADDRESS', 'IRU_EVIDENCE_TEMPORAL_PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'IRU_API_TOKEN']) delete base[name];
  const located = locateTemporalCli(process.env);
  if (located) base.TEMPORAL_CLI = located.path;
  return base;
}

function dataDir(): string {
  return mkdtempSync(path.join(home, 'data-'));
}

function cli(args: string[], environment: NodeJS.ProcessEnv, options: { interruptOn?: RegExp; dns?: Record<string, string> } = {}): Promise<TerminalRun> {
  const preload = options.dns ? ['--import', FAKE_DNS] : [];
  const withDns = options.dns ? { ...environment, IRU_TEST_DNS: JSON.stringify(options.dns) } : environment;
  return runInTerminal([process.execPath, ...preload, BIN, ...args], withDns, { timeoutS: 180, interruptOn: options.interruptOn });
}

/** One message (`iru-evidence: ...`) and its fix, nothing else. */
function expectOneMessage(run: TerminalRun, message: RegExp): void {
  const lines = shownLines(run.output);
  expect(lines, run.output).toHaveLength(2);
  expect(lines[0]).toMatch(/^iru-evidence: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^Fix: /);
  expect(run.output).not.toMatch(STACK);
}

/** The connections saved in a data folder, as `artifacts list` sees them (through a pipe: machine-friendly). */
function savedConnections(dir: string): string {
  try {
    return execFileSync(process.execPath, [BIN, 'artifacts', 'list'], { env: env(dir), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
}

describe('collect in a terminal: the pre-flight request stops at once, with one message', () => {
  it('a wrong token (401): exit 3, one message, no log lines, and the connection is not saved', async () => {
    const dir = dataDir();
    const before = sim.requestLog.length;
    const run = await cli(['collect', `--base-url=${sim.url}`, `--token-file=${files.wrong}`, '--connection=acme'], env(dir));
    expect(run.code, run.output).toBe(EXIT.tokenRejected);
    expectOneMessage(run, /Iru rejected the API token: 401 Unauthorized from each of /);
    // Proof takes 401 from three different endpoints (a single 401 may be one missing permission), and no more.
    expect(sim.requestLog.slice(before).map((r) => r.status)).toEqual([401, 401, 401]);
    expect(savedConnections(dir)).toMatch(/no connection is saved yet/);
  });

  it('a host that refuses the connection: exit 1 within seconds, one message', async () => {
    const port = await freePort();
    const run = await cli(['collect', `--base-url=http://127.0.0.1:${port}`, `--token-file=${files.good}`], env(dataDir()));
    expect(run.code, run.output).toBe(EXIT.failed);
    expectOneMessage(run, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection \\(ECONNREFUSED\\)`));
    expect(run.elapsed, 'no retries').toBeLessThan(15);
  });

  it('a tenant host that does not resolve while the network works: "no such tenant", exit 2', async () => {
    const dir = dataDir();
    const run = await cli(['collect', '--region=us', '--app=acme-gone', `--token-file=${files.good}`], env(dir), {
      dns: { 'iru.com': '192.0.2.10', 'kandji.io': '192.0.2.11' },
    });
    expect(run.code, run.output).toBe(EXIT.badInput);
    expectOneMessage(run, /No tenant "acme-gone" in region US: acme-gone\.api\.kandji\.io does not exist \(ENOTFOUND\), nor in any other region/);
    expect(savedConnections(dir)).toMatch(/no connection is saved yet/);
  });

  it('a machine where nothing resolves: "offline", not a typo in the app segment, exit 4', async () => {
    const run = await cli(['collect', '--region=us', '--app=acme', `--token-file=${files.good}`], env(dataDir()), { dns: {} });
    expect(run.code, run.output).toBe(EXIT.environment);
    expectOneMessage(run, /This machine looks offline: no host name resolves/);
    expect(run.output).not.toMatch(/app segment/);
  });
});

describe('collect in a terminal: runs', () => {
  it('a partial run exits 5; `artifacts list` takes the only connection; `artifacts show` is indented', async () => {
    const dir = dataDir();
    const run = await cli(['collect', `--base-url=${sim.url}`, `--token-file=${files.noTags}`, '--connection=partial'], env(dir));
    expect(run.code, run.output).toBe(EXIT.partial);
    const lines = shownLines(run.output);
    expect(lines).toContain('Starting Temporal…');
    expect(lines.find((l) => l.startsWith('Run '))).toMatch(/^Run collect-partial-\S+: PARTIAL, started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, took \d+ (s|min)$/);
    expect(lines.find((l) => /^\s+tags\s/.test(l))).toMatch(/failed .* 0 records\s+1 request\s*$/);
    expect(run.output).not.toMatch(/\b1 requests\b|\b1 records\b/);
    expect(run.output).not.toMatch(STACK);

    const list = await cli(['artifacts', 'list'], env(dir));
    expect(list.code, list.output).toBe(0);
    const id = /art_[0-9a-f]{24}/.exec(list.output)![0];
    const show = await cli(['artifacts', 'show', id], env(dir));
    expect(show.code, show.output).toBe(0);
    const shown = shownLines(show.output);
    expect(shown[0]).toBe('{');
    expect(shown.length).toBeGreaterThan(20);
    expect(Math.max(...shown.map((l) => l.length))).toBeLessThan(400);
    expect(JSON.parse(show.output.replace(/\r/g, ''))).toMatchObject({ id, connectionId: expect.any(String) });
  });

  it('Ctrl-C during collect: one line saying the run goes on, exit 130, no stack, no second Ctrl-C needed', async () => {
    const run = await cli(['collect', `--base-url=${slow.url}`, `--token-file=${files.good}`, '--connection=slow'], env(dataDir()), {
      interruptOn: /collecting|planning/,
    });
    expect(run.interruptedAt, run.output).not.toBeNull();
    expect(run.code, run.output).toBe(EXIT.interrupted);
    const after = shownLines(run.output).filter((l) => !l.startsWith('Starting Temporal'));
    expect(after, run.output).toHaveLength(1);
    expect(after[0]).toMatch(/^Interrupted: run collect-slow-\S+ goes on in Temporal and resumes when a worker runs .*--cancel-on-interrupt$/);
    expect(run.output).not.toMatch(STACK);
    expect(run.elapsed - run.interruptedAt!, 'exits soon after Ctrl-C').toBeLessThan(20);
  });

  it('Ctrl-C with --cancel-on-interrupt: the run is cancelled and recorded so, exit 130', async () => {
    const dir = dataDir();
    const run = await cli(['collect', `--base-url=${slow.url}`, `--token-file=${files.good}`, '--connection=stop', '--cancel-on-interrupt'], env(dir), {
      interruptOn: /collecting|planning/,
    });
    expect(run.code, run.output).toBe(EXIT.interrupted);
    const after = shownLines(run.output).filter((l) => !l.startsWith('Starting Temporal'));
    expect(after, run.output).toEqual([expect.stringMatching(/^Interrupted: run collect-stop-\S+ was cancelled; nothing was published/)]);
    expect(run.output).not.toMatch(STACK);
    const status = execFileSync(process.execPath, [BIN, 'status', '--connection=stop'], { env: env(dir), encoding: 'utf8' });
    expect(status).toMatch(/Last run:\s+failed .*was cancelled/);
  });
});

describe('a port already taken: one line, exit 4', () => {
  it('serve --port and simulator --port', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    for (const args of [
      ['serve', `--port=${port}`],
      ['simulator', `--port=${port}`],
    ]) {
      const run = await cli(args, env(dataDir()));
      expect(run.code, run.output).toBe(EXIT.environment);
      const lines = shownLines(run.output);
      expect(lines, run.output).toEqual([
        expect.stringMatching(new RegExp(`^iru-evidence: Port ${port} on 127\\.0\\.0\\.1 is already in use: choose another with --port`)),
      ]);
    }
  });
});

describe('simulator', () => {
  it('dates its fleet at start, as demo does: the devices have checked in within days of now', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, [BIN, 'simulator', '--devices=20', '--port=0'], { env: env(dir), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const deadline = Date.now() + 30_000;
      while (!/at (http:\S+)/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const url = /at (http:\S+)/.exec(out)![1]!;
      const token = readFileSync(path.join(dir, 'simulator-token'), 'utf8').trim();
      const response = await fetch(`${url}/api/v1/devices?limit=300`, { headers: { authorization: `Bearer ${token}` } });
      const devices = (await response.json()) as { last_check_in: string }[];
      const checkIns = devices.map((d) => Date.parse(d.last_check_in)).filter((t) => !Number.isNaN(t));
      expect(checkIns.length).toBeGreaterThan(10);
      // The newest check-in is recent (the fleet's clock is now), not weeks ago (a fixed date).
      expect(Date.now() - Math.max(...checkIns)).toBeLessThan(2 * 86_400_000);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
