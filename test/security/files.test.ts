// Files that are not the product's own (issue 20): a planted symlink is never written through.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
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

async function run(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(['node', 'iru-evidence', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

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
