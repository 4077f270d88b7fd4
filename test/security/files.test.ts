// Files that are not the product's own (issue 20): a planted symlink is never written through, the data folder and what
// it holds are owner-only, and processes starting together on a fresh data folder share one key.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { evidenceHome, HomeUnsafeError } from '../../src/config/home.js';
import { openStore, TokenCipher } from '../../src/store/index.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../../src/temporal/free-port.js';
import { deviceRecord, seedConnection, seedRun } from '../web/helpers/seed.js';

const root = mkdtempSync(path.join(tmpdir(), 'iru-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (file: string) => statSync(file).mode & 0o777;
const PRECIOUS = 'not the product’s file\n';

/** A folder as a user's umask 022 leaves it: 0755, group and others may enter. */
function openFolder(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  return dir;
}

const run = (env: NodeJS.ProcessEnv, ...args: string[]) => runCliInProcess(args, env);

describe('exports never write through a planted symlink', () => {
  it('leaves the target of a symlink at the old temporary name or at the final name unchanged', async () => {
    const home = path.join(root, 'export-home');
    const store = openStore({ IRU_EVIDENCE_HOME: home });
    const connection = await seedConnection(store, 'acme');
    await seedRun(store, connection, {
      collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      artifacts: [{ type: 'device-inventory', records: [deviceRecord(1)] }],
    });
    await store.close();

    // The export folder is shared (say /tmp/exports): another local user plants symlinks to files of ours.
    const out = openFolder('shared-exports');
    chmodSync(out, 0o1777);
    const victims = ['device-inventory.json', 'manifest.json'].map((file, i) => {
      const victim = path.join(root, `victim-${i}.txt`);
      writeFileSync(victim, PRECIOUS);
      // Where the old code opened its temporary file with 'w' (following a symlink there)…
      symlinkSync(victim, path.join(out, `${file}.${process.pid}.tmp`));
      return victim;
    });
    // …and the final name itself.
    const finalVictim = path.join(root, 'victim-final.txt');
    writeFileSync(finalVictim, PRECIOUS);
    symlinkSync(finalVictim, path.join(out, 'manifest.json'));

    const result = await run({ IRU_EVIDENCE_HOME: home }, 'artifacts', 'export', '--connection', 'acme', '--format', 'json', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const victim of [...victims, finalVictim]) expect(readFileSync(victim, 'utf8')).toBe(PRECIOUS);
    for (const file of ['device-inventory.json', 'manifest.json']) {
      const written = path.join(out, file);
      expect(lstatSync(written).isFile()).toBe(true);
      expect(modeOf(written)).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).files).toHaveLength(1);
    // No temporary file of ours is left behind; the planted links are left alone.
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp') && !lstatSync(path.join(out, f)).isSymbolicLink())).toEqual([]);
  });
});

describe('the data folder and its files are owner-only', () => {
  it('makes a pre-existing 0755 data folder 0700 and evidence.sqlite, its -wal and -shm, and secret.key 0600', async () => {
    const home = openFolder('home-0755');
    const store = openStore({ IRU_EVIDENCE_HOME: home });
    await seedConnection(store, 'acme');
    const files = ['evidence.sqlite', 'evidence.sqlite-wal', 'evidence.sqlite-shm', 'secret.key'].map((f) => path.join(home, f));
    try {
      expect(modeOf(home)).toBe(0o700);
      for (const file of files) expect([file, modeOf(file)]).toEqual([file, 0o600]);
    } finally {
      await store.close();
    }
  });

  it('takes group and other bits off the files an older version left readable', async () => {
    const home = openFolder('home-old');
    await openStore({ IRU_EVIDENCE_HOME: home }).close();
    const files = ['evidence.sqlite', 'secret.key'].map((f) => path.join(home, f));
    chmodSync(home, 0o755);
    for (const file of files) chmodSync(file, 0o644);
    const store = openStore({ IRU_EVIDENCE_HOME: home });
    await store.close();
    expect(modeOf(home)).toBe(0o700);
    for (const file of files) expect([file, modeOf(file)]).toEqual([file, 0o600]);
  });

  it('creates a missing data folder 0700, parents included', () => {
    const home = path.join(root, 'new-parent', 'home');
    expect(evidenceHome({ IRU_EVIDENCE_HOME: home })).toBe(home);
    expect(modeOf(home)).toBe(0o700);
  });

  it.runIf(process.getuid?.() === 0)('refuses, with one clear message, a data folder that belongs to another user', async () => {
    const home = openFolder('home-of-another');
    chownSync(home, 4242, 4242);
    expect(() => evidenceHome({ IRU_EVIDENCE_HOME: home })).toThrow(HomeUnsafeError);
    const result = await run({ IRU_EVIDENCE_HOME: home }, 'artifacts', 'list', '--connection', 'acme');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(
      `iru-evidence: The data folder ${home} belongs to user 4242, not to this user (0): it holds the password hashes, the token key and all ` +
        'evidence, so it must be your own. Set IRU_EVIDENCE_HOME to a folder of your own, or a path that does not exist yet.\n',
    );
    expect(modeOf(home)).toBe(0o755);
    expect(readdirSync(home)).toEqual([]);
  });

  it('makes temporal.sqlite of the embedded dev server 0600 and its folder 0700', async () => {
    const home = openFolder('home-temporal');
    const dbFile = path.join(home, 'temporal.sqlite');
    const server = await startDevServer({ port: await freePort(), namespace: 'default', dbFile, startTimeoutMs: 120_000 });
    try {
      expect(server.owned).toBe(true);
      const files = readdirSync(home).filter((f) => f.startsWith('temporal.sqlite'));
      expect(files).toContain('temporal.sqlite');
      for (const file of files) expect([file, modeOf(path.join(home, file))]).toEqual([file, 0o600]);
      expect(modeOf(home)).toBe(0o700);
    } finally {
      await server.stop();
    }
  });
});

describe('concurrent first starts', () => {
  it('does not take a key file another process is still writing for the key: it waits until the key is whole', async () => {
    const home = mkdtempSync(path.join(root, 'half-written-'));
    const file = path.join(home, 'secret.key');
    const key = randomBytes(32).toString('base64');
    writeFileSync(file, '', { mode: 0o600 });
    // Another process finishes writing the key 300 ms from now, while this one is reading.
    const script = `console.log('started'); setTimeout(() => require('fs').writeFileSync(${JSON.stringify(file)}, '${key}'), 300)`;
    const writer = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(writer.stdout, 'data');
    const exited = once(writer, 'exit');
    const sealed = TokenCipher.fromEnvironment(home, {}).encrypt('probe', 'aad');
    await exited;
    expect(new TokenCipher(Buffer.from(key, 'base64')).decrypt(sealed, 'aad')).toBe('probe');
  });

  it('refuses, naming the file, a key file that stays incomplete', () => {
    const home = mkdtempSync(path.join(root, 'truncated-'));
    writeFileSync(path.join(home, 'secret.key'), randomBytes(32).toString('base64').slice(0, 20), { mode: 0o600 });
    expect(() => TokenCipher.fromEnvironment(home, {})).toThrow(`The key file ${path.join(home, 'secret.key')} does not hold a 32-byte key`);
  });

  const PROCESSES = 8;
  const HOMES = 40;
  const script = fileURLToPath(new URL('./first-start.ts', import.meta.url));

  it(`${PROCESSES} processes starting together on fresh data folders all succeed and end with one key`, async () => {
    const dir = mkdtempSync(path.join(root, 'first-start-'));
    for (let i = 0; i < HOMES; i++) mkdirSync(path.join(dir, `key-${i}`));
    const go = path.join(dir, 'go');
    const env = { ...process.env, FIRST_START_ROOT: dir, FIRST_START_HOMES: String(HOMES), FIRST_START_GO: go };
    let ready = 0;
    const children = Array.from({ length: PROCESSES }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        if (!stdout.includes('ready\n') && (stdout + chunk.toString()).includes('ready\n') && ++ready === PROCESSES) writeFileSync(go, '');
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    });
    const results = await Promise.all(children);
    for (const result of results) expect(result.stderr).toBe('');
    expect(results.map((r) => r.code)).toEqual(Array(PROCESSES).fill(0));

    const reports = results.map((r) => JSON.parse(r.stdout.split('\n')[1]!) as { sealed: string[]; ports: number[]; connectionId: string; token: string });
    for (let i = 0; i < HOMES; i++) {
      const home = path.join(dir, `key-${i}`);
      // One key file, nothing left beside it, and every process sealed with the key it holds.
      expect(readdirSync(home)).toEqual(['secret.key']);
      expect(modeOf(path.join(home, 'secret.key'))).toBe(0o600);
      const cipher = TokenCipher.fromEnvironment(home, {});
      for (const report of reports) expect(cipher.decrypt(Buffer.from(report.sealed[i]!, 'base64'), `home-${i}`)).toBe('probe');
      // One embedded Temporal port per data folder, the same for every process, kept owner-only.
      const portFolder = path.join(dir, `port-${i}`);
      expect(readdirSync(portFolder)).toEqual(['temporal-port']);
      expect(modeOf(path.join(portFolder, 'temporal-port'))).toBe(0o600);
      const chosen = Number(readFileSync(path.join(portFolder, 'temporal-port'), 'utf8'));
      expect(reports.map((r) => r.ports[i])).toEqual(Array(PROCESSES).fill(chosen));
    }
    const store = openStore({ IRU_EVIDENCE_HOME: path.join(dir, 'store') });
    try {
      for (const report of reports) expect(await store.readToken(report.connectionId)).toBe(report.token);
    } finally {
      await store.close();
    }
    expect(existsSync(go)).toBe(true);
  });
});
