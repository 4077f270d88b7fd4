import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { readArtifactDocument } from '../../src/evidence/index.js';
import { openStore } from '../../src/store/index.js';
import { deviceRecord, seedConnection, seedRun } from '../web/helpers/seed.js';
import { readZip } from './helpers/read-zip.js';

const home = mkdtempSync(path.join(tmpdir(), 'iru-cli-export-'));
const savedHome = process.env.IRU_EVIDENCE_HOME;
const today = new Date().toISOString().slice(0, 10);
let artifactId: string;

const run = (...args: string[]) => runCliInProcess(args);

beforeAll(async () => {
  process.env.IRU_EVIDENCE_HOME = home;
  const store = openStore();
  const connection = await seedConnection(store, 'acme');
  const seeded = await seedRun(store, connection, {
    collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(1), deviceRecord(2)] }],
  });
  artifactId = seeded.artifacts[0]!.id;
  await store.close();
});

/** The stored document of the seeded Artifact, as the store streams it. */
async function storedDocument(): Promise<string> {
  const store = openStore();
  try {
    return await readArtifactDocument(store, (await store.getArtifact(artifactId))!);
  } finally {
    await store.close();
  }
}

afterAll(() => {
  process.env.IRU_EVIDENCE_HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

describe('artifacts export --format json|csv|zip|oscal', () => {
  it.each(['json', 'csv'])('writes the current Artifacts as %s with a manifest', async (format) => {
    const out = path.join(home, `out-${format}`);
    const result = await run('artifacts', 'export', '--connection', 'acme', '--format', format, '--out', out, '--json');
    expect(result.code).toBe(0);
    const manifest = JSON.parse(result.stdout);
    expect(manifest.files).toEqual([expect.objectContaining({ file: `device-inventory.${format}`, type: 'device-inventory', records: 2 })]);
    expect(readdirSync(out).sort()).toEqual([`device-inventory.${format}`, 'manifest.json']);
    const bytes = readFileSync(path.join(out, `device-inventory.${format}`));
    expect(manifest.files[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    if (format === 'json') expect(bytes.toString('utf8')).toBe(await storedDocument());
  });

  it('shows one Artifact: its stored document, streamed to stdout', async () => {
    const result = await run('artifacts', 'show', artifactId);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${await storedDocument()}\n`);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: artifactId, records: [{ deviceId: 'dev-000001' }, { deviceId: 'dev-000002' }] });
  });

  it('writes the evidence package for a framework and period', async () => {
    const out = path.join(home, 'out-zip');
    const result = await run('artifacts', 'export', '--connection', 'acme', '--format', 'zip', '--framework', 'soc2', '--out', out);
    expect(result.code).toBe(0);
    const file = path.join(out, `evidence-soc2-acme-${new Date(Date.parse(today) - 29 * 86_400_000).toISOString().slice(0, 10)}-${today}.zip`);
    expect(result.stdout).toContain(`Wrote ${file} (1 Artifact versions`);
    const entries = await readZip(readFileSync(file));
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['index.html', 'manifest.json', 'oscal/assessment-results.json']));
    expect(readdirSync(out)).toEqual([path.basename(file)]);
  });

  it('writes OSCAL assessment results', async () => {
    const out = path.join(home, 'out-oscal');
    const from = new Date(Date.parse(today) - 7 * 86_400_000).toISOString().slice(0, 10);
    const result = await run(
      'artifacts',
      'export',
      '--connection',
      'acme',
      '--format',
      'oscal',
      '--framework',
      'cis-v8',
      '--from',
      from,
      '--to',
      today,
      '--out',
      out,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = path.join(out, `assessment-results-cis-v8-acme-${from}-${today}.json`);
    expect(JSON.parse(readFileSync(written, 'utf8'))['assessment-results'].results[0].observations).toHaveLength(1);
  });

  it.each([
    [['--format', 'pdf'], /--format must be one of json, csv, zip, oscal, not "pdf"/],
    [['--format', 'zip'], /--format zip needs --framework/],
    [['--format', 'oscal', '--framework', 'sox'], /No framework "sox"; known frameworks/],
    [['--format', 'zip', '--framework', 'soc2', '--from', '2024-99-01'], /--from must be a calendar date/],
    [['--format', 'json', '--framework', 'soc2'], /apply to --format zip and oscal/],
  ])('refuses %j with a specific message and writes nothing', async (flags, message) => {
    const out = path.join(home, `refused-${Math.random().toString(36).slice(2)}`);
    const result = await run('artifacts', 'export', '--connection', 'acme', '--out', out, ...flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('users create-admin', () => {
  it('creates the first admin from a password file, never from argv, and refuses a weak password', async () => {
    const passwordFile = path.join(home, 'pw');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(passwordFile, 'short\n');
    const weak = await run('users', 'create-admin', '--username', 'root', '--password-file', passwordFile);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    writeFileSync(passwordFile, 'a long enough passphrase\n');
    expect((await run('users', 'create-admin', '--username', 'Root', '--password-file', passwordFile)).code).toBe(0);
    const again = await run('users', 'create-admin', '--username', 'root', '--password-file', passwordFile);
    expect(again.stderr).toMatch(/already exists/);
    const missing = await run('users', 'create-admin', '--username', 'other');
    expect(missing.stderr).toMatch(/--password-file FILE .* or in IRU_EVIDENCE_PASSWORD; never on the command line/);
    const listed = await run('users', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ username: 'root', role: 'admin' })]);
  });
});
