// Hostile input, property-based (fast-check, bounded runs): every CLI flag of collect / diagnose / connect / artifacts /
// schedule, the wizard's fields (validation and HTTP), the web API's parameters, export names that try to leave
// their folder, an app segment or URL aiming at another host, and oversized or deeply nested API responses.
// Each must get a clear, specific error and change nothing. The count of hostile inputs tried is printed at the end.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { checkApp, checkLocation, checkRegion, checkToken, diagnoseConnection, type Diagnose } from '../../src/diagnose/index.js';
import { readArtifact, type Artifact } from '../../src/evidence/index.js';
import { endpoint, IruHttp, IruInvalidResponseError, limiterFor, paginate, REGIONS } from '../../src/iru/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import { issueApiKey } from '../../src/web/auth/api-keys.js';
import { createUser } from '../../src/web/auth/users.js';
import { buildWebApp } from '../../src/web/server.js';
import { readZip } from '../exports/helpers/read-zip.js';
import { FAULT_SOURCES, runEvidence, settle, source, startRun } from '../faults/harness.js';
import { putArtifactDocument } from '../helpers/artifact-store.js';
import { temporalHarness, type TemporalHarness } from '../helpers/temporal.js';
import { deviceRecord, seedConnection, seedRun } from '../web/helpers/seed.js';
import { deeplyNested, hostileTenant, streamHuge } from './hostile-tenant.js';
import { filesUnder } from '../helpers/files.js';

// Bounded for `npm test`; HOSTILE_RUNS=200 explores further.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 20);
const TOKEN = randomUUID();
const home = mkdtempSync(path.join(tmpdir(), 'iru-hostile-'));
const key = randomBytes(32);
const dbFile = path.join(home, 'evidence.sqlite');
const store = new SqliteStore(dbFile, new TokenCipher(key));
const tried = new Map<string, number>();
const count = (what: string, n = 1) => tried.set(what, (tried.get(what) ?? 0) + n);
const savedEnv = { ...process.env };
let goodTokenFile: string;
let artifactId: string;

beforeAll(async () => {
  Object.assign(process.env, {
    IRU_EVIDENCE_HOME: home,
    IRU_EVIDENCE_KEY: key.toString('base64'),
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    TEMPORAL_TASK_QUEUE: `hostile-${randomUUID()}`,
    LOG_LEVEL: 'silent',
  });
  delete process.env.IRU_API_TOKEN;
  goodTokenFile = path.join(home, 'token.txt');
  writeFileSync(goodTokenFile, `${TOKEN}\n`);
  const connection = await seedConnection(store, 'acme');
  const run = await seedRun(store, connection, {
    collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(1), deviceRecord(2), deviceRecord(3)] }],
  });
  artifactId = run.artifacts[0]!.id;
});

afterAll(async () => {
  const total = [...tried.values()].reduce((a, b) => a + b, 0);
  console.log(`[security:hostile-input] hostile inputs tried: ${total} (${[...tried].map(([k, v]) => `${k} ${v}`).join(', ')})`);
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  await store.close();
  rmSync(home, { recursive: true, force: true });
});

/** Every row of every table of the store, hashed: "the store is unchanged" means this digest is unchanged. */
function storeDigest(): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    // The evidence, connections and runs; not the web app's own bookkeeping (API key last use, sessions).
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('api_keys', 'web_sessions') ORDER BY name")
      .all();
    for (const { name } of tables) {
      hash.update(name);
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all())
        hash.update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** `iru-evidence ...args` in this process, its output captured. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    return { code: await main(['node', 'iru-evidence', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** The bad input is refused with exit code 2 and the expected message, and the store is untouched. */
async function expectRefused(what: string, args: string[], message: RegExp): Promise<void> {
  count(what);
  const before = storeDigest();
  const result = await cli(args);
  expect({ args, code: result.code }).toEqual({ args, code: 2 });
  expect(result.stderr, `${args.join(' ')}`).toMatch(message);
  expect(result.stderr).not.toMatch(/at .*\.ts:\d+|TypeError|RangeError/);
  expect(storeDigest(), `${args.join(' ')} left the store unchanged`).toBe(before);
}

// ---- hostile values ----

const HOSTILE_TEXT = [
  '',
  ' ',
  '\t',
  '-',
  '--',
  '..',
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e%2f',
  'a\u0000b',
  '\u202eevil',
  'аcme' /* Cyrillic a */,
  'ACME',
  'acme.api.kandji.io',
  'https://evil.example',
  'evil.example:443',
  'user@evil.example',
  '127.0.0.1:9',
  '[::1]',
  'acme/..',
  '-acme',
  'acme-',
  'a'.repeat(64),
  'x'.repeat(5_000),
  '<script>alert(1)</script>',
  '"; rm -rf / #',
  '${jndi:ldap://127.0.0.1/x}',
  '\r\nSet-Cookie: x=1',
  'acme acme',
  randomUUID(),
  `Bearer ${randomUUID()}`,
];
const hostileText = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
const goodApp = (value: string) => checkApp(value).ok;
const badApp = hostileText.filter((v) => !goodApp(v) && !v.includes('\u0000'));
const badRegion = hostileText.filter((v) => !checkRegion(v).ok && v !== '' && !v.includes('\u0000'));
const badName = hostileText.filter((v) => !/^[A-Za-z0-9_.-]{1,64}$/.test(v) && v !== '' && !v.includes('\u0000'));
const unknownName = fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/).filter((v) => v !== 'acme');
const badDuration = hostileText.filter((v) => !/^\d+(s|m|h|d)$/.test(v) && !v.includes('\u0000'));
const badDay = fc
  .oneof(fc.constantFrom('2024-02-30', '2024-13-01', '24-01-01', '2024-1-1', 'yesterday', '0000-00-00', '9999-99-99', '2024-01-01T00:00:00Z'), hostileText)
  .filter((v) => v !== '' && !v.includes('\u0000'));
const badBaseUrl = fc.oneof(
  fc.constantFrom(
    'not a url',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://127.0.0.1/',
    'http://user:pass@127.0.0.1:9',
    'http://127.0.0.1:9/?x=1',
    'http://127.0.0.1:9/#frag',
    'gopher://127.0.0.1:70/',
    '//127.0.0.1:9',
    'data:text/plain,x',
  ),
  fc.string({ maxLength: 40 }).filter((v) => !/^https?:/i.test(v) && !v.includes('\u0000') && v !== ''),
);
/** Token file contents that are not one Iru API token (a UUID), newline-terminated at most once. */
const badTokenContent = fc.oneof(
  fc.constantFrom(
    '',
    '\n',
    ' \n',
    `${randomUUID()} `,
    ` ${randomUUID()}`,
    `${randomUUID()}\n${randomUUID()}`,
    `Bearer ${randomUUID()}`,
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    'not-a-token',
    `${randomUUID()}\r\n\r\n`,
    '\u0000\u0001\u0002',
  ),
  fc.string({ maxLength: 80 }).filter((v) => checkToken(v.replace(/\r?\n$/, ''), 'x').ok === false),
);
const fcOptions = { numRuns: RUNS, endOnFailure: true };

describe('every CLI flag refuses hostile values with exit 2 and a specific message, and changes nothing', () => {
  it('collect --region / --app / --base-url / --connection / --token-file', async () => {
    await fc.assert(
      fc.asyncProperty(badRegion, async (region) =>
        expectRefused(
          'cli collect --region',
          ['collect', `--region=${region}`, '--app=acme', `--token-file=${goodTokenFile}`],
          /unknown region|--app needs --region|app segment/,
        ),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(badApp, async (app) =>
        expectRefused(
          'cli collect --app',
          ['collect', '--region=us', `--app=${app}`, `--token-file=${goodTokenFile}`],
          /app segment|--region needs --app|API token/,
        ),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(badBaseUrl, async (url) =>
        expectRefused('cli collect --base-url', ['collect', `--base-url=${url}`, `--token-file=${goodTokenFile}`], /--base-url/),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(badName, async (name) =>
        expectRefused(
          'cli collect --connection',
          ['collect', '--base-url=http://127.0.0.1:9', `--token-file=${goodTokenFile}`, `--connection=${name}`],
          /--connection must be 1-64/,
        ),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(unknownName, async (name) =>
        expectRefused('cli collect --connection (unknown)', ['collect', `--connection=${name}`], /No saved connection named/),
      ),
      fcOptions,
    );
    await expectRefused(
      'cli collect --connection (a token)',
      ['collect', '--base-url=http://127.0.0.1:9', `--token-file=${goodTokenFile}`, `--connection=${randomUUID()}`],
      /--connection is an API token, not a connection name/,
    );
    // Without any flag, collect takes the only saved connection; a token alone says nothing of where to collect.
    await expectRefused('cli collect (a token, nothing else)', ['collect', `--token-file=${goodTokenFile}`], /Say what to collect/);
    await expectRefused(
      'cli collect (both)',
      ['collect', '--region=us', '--app=acme', '--base-url=http://127.0.0.1:9', `--token-file=${goodTokenFile}`],
      /either --region and --app, or --base-url/,
    );
    await expectRefused('cli collect (unknown flag)', ['collect', '--bogus'], /unknown option '--bogus'/);
    // Switches given a value.
    for (const args of [
      ['collect', '--json=yes'],
      ['collect', '--local-worker=1'],
      ['diagnose', '--json=false'],
      ['connect', '--rotate-token=yes'],
      ['artifacts', 'list', '--connection=acme', '--json=1'],
      ['schedule', 'show', '--connection=acme', '--json=true'],
    ]) {
      await expectRefused('cli switch with a value', args, /unknown option '--[a-z-]+=/);
    }
  });

  it('collect / diagnose / connect --token-file: a bad file or content is refused without echoing it', async () => {
    const dir = mkdtempSync(path.join(home, 'tokens-'));
    let i = 0;
    await fc.assert(
      fc.asyncProperty(badTokenContent, fc.constantFrom('collect', 'diagnose', 'connect'), async (content, command) => {
        const file = path.join(dir, `t${i++}.txt`);
        writeFileSync(file, content);
        const args =
          command === 'connect'
            ? ['connect', '--base-url=http://127.0.0.1:9', `--token-file=${file}`, '--name=x']
            : [command, '--base-url=http://127.0.0.1:9', `--token-file=${file}`];
        await expectRefused(
          `cli ${command} --token-file (content)`,
          args,
          new RegExp(
            'The API token in the token file .* (' +
              'is empty|spans several lines|ends with a line break|leading or trailing whitespace|starts with "Bearer"|is a JWT|is not an Iru API token' +
              ')|The value in the token file .* is a JWT',
          ),
        );
        const { stderr } = await cli(args);
        const secretish = content.trim().replace(/^Bearer\s+/i, '');
        if (secretish.length >= 8) expect(stderr, 'the content is not echoed').not.toContain(secretish);
      }),
      fcOptions,
    );
    for (const command of ['collect', 'diagnose']) {
      await expectRefused(
        `cli ${command} --token-file (missing)`,
        [command, '--base-url=http://127.0.0.1:9', `--token-file=${path.join(dir, 'missing.txt')}`],
        /Cannot read the token file .*ENOENT/,
      );
      await expectRefused(
        `cli ${command} --token-file (a folder)`,
        [command, '--base-url=http://127.0.0.1:9', `--token-file=${dir}`],
        /Cannot read the token file .*EISDIR/,
      );
      const pasted = randomUUID();
      await expectRefused(
        `cli ${command} --token-file (the token itself)`,
        [command, '--base-url=http://127.0.0.1:9', `--token-file=${pasted}`],
        /--token-file takes the path of a file holding the API token, not the token itself/,
      );
      expect((await cli([command, '--base-url=http://127.0.0.1:9', `--token-file=${pasted}`])).stderr).not.toContain(pasted);
    }
  });

  it('diagnose and connect --region / --app / --base-url / --name', async () => {
    for (const command of ['diagnose', 'connect']) {
      await fc.assert(
        fc.asyncProperty(badRegion, async (region) =>
          expectRefused(
            `cli ${command} --region`,
            [command, `--region=${region}`, '--app=acme', `--token-file=${goodTokenFile}`],
            /--region: (Unknown region|Choose a region)|--app needs --region/,
          ),
        ),
        fcOptions,
      );
      await fc.assert(
        fc.asyncProperty(badApp, async (app) =>
          expectRefused(`cli ${command} --app`, [command, '--region=us', `--app=${app}`, `--token-file=${goodTokenFile}`], /--app: |--region needs --app/),
        ),
        fcOptions,
      );
      await fc.assert(
        fc.asyncProperty(badBaseUrl, async (url) =>
          expectRefused(`cli ${command} --base-url`, [command, `--base-url=${url}`, `--token-file=${goodTokenFile}`], /--base-url/),
        ),
        fcOptions,
      );
    }
    await fc.assert(
      fc.asyncProperty(badName, async (name) =>
        expectRefused(
          'cli connect --name',
          ['connect', '--base-url=http://127.0.0.1:9', `--token-file=${goodTokenFile}`, `--name=${name}`],
          /The connection name must be 1-64/,
        ),
      ),
      fcOptions,
    );
    await expectRefused(
      'cli connect --name (a token)',
      ['connect', '--base-url=http://127.0.0.1:9', `--token-file=${goodTokenFile}`, `--name=${randomUUID()}`],
      /That is an API token, not a connection name/,
    );
    await expectRefused(
      'cli connect --name (taken)',
      ['connect', '--base-url=http://127.0.0.1:9', `--token-file=${goodTokenFile}`, '--name=acme'],
      /A connection named "acme" already exists/,
    );
    await expectRefused('cli connect --rotate-token', ['connect', '--rotate-token'], /--rotate-token needs --connection/);
    await expectRefused(
      'cli connect --rotate-token (with an address)',
      ['connect', '--rotate-token', '--connection=acme', '--region=us'],
      /keeps the connection's address and name/,
    );
    await fc.assert(
      fc.asyncProperty(unknownName, async (name) =>
        expectRefused(
          'cli connect --rotate-token --connection',
          ['connect', '--rotate-token', `--connection=${name}`, `--token-file=${goodTokenFile}`],
          /No saved connection named/,
        ),
      ),
      fcOptions,
    );
    await expectRefused('cli connect --connection (without rotation)', ['connect', '--connection=acme'], /--connection goes with --rotate-token/);
    await expectRefused('cli diagnose (nothing)', ['diagnose', `--token-file=${goodTokenFile}`], /Say what to diagnose/);
  });

  it('artifacts list / show / export', async () => {
    const out = path.join(home, 'never-written');
    await fc.assert(
      fc.asyncProperty(unknownName, async (name) =>
        expectRefused('cli artifacts list --connection', ['artifacts', 'list', `--connection=${name}`], /No saved connection named/),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(
        hostileText.filter((v) => !/^art_[0-9a-f]{24}$/.test(v) && !v.startsWith('-')),
        async (id) => expectRefused('cli artifacts show', ['artifacts', 'show', id], /is not an Artifact id/),
      ),
      fcOptions,
    );
    await expectRefused('cli artifacts show (unknown)', ['artifacts', 'show', `art_${'0'.repeat(24)}`], /No Artifact art_0{24}/);
    await fc.assert(
      fc.asyncProperty(
        hostileText.filter((v) => !['json', 'csv', 'zip', 'oscal'].includes(v)),
        async (format) =>
          expectRefused(
            'cli artifacts export --format',
            ['artifacts', 'export', '--connection=acme', `--format=${format}`, `--out=${out}`],
            /--format must be one of json, csv, zip, oscal/,
          ),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(
        hostileText.filter((v) => v !== '' && !['soc2', 'iso27001-2022', 'nist-800-53r5', 'cis-v8', 'hipaa', 'pci-dss-4.0'].includes(v)),
        fc.constantFrom('zip', 'oscal'),
        async (framework, format) =>
          expectRefused(
            'cli artifacts export --framework',
            ['artifacts', 'export', '--connection=acme', `--format=${format}`, `--framework=${framework}`, `--out=${out}`],
            /framework/i,
          ),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(badDay, fc.constantFrom('--from', '--to'), async (day, flag) =>
        expectRefused(
          `cli artifacts export ${flag}`,
          ['artifacts', 'export', '--connection=acme', '--format=zip', '--framework=soc2', `${flag}=${day}`, `--out=${out}`],
          new RegExp(`${flag} must be a calendar date written YYYY-MM-DD|starts .* after it ends|days long`),
        ),
      ),
      fcOptions,
    );
    await expectRefused(
      'cli artifacts export (inverted period)',
      ['artifacts', 'export', '--connection=acme', '--format=oscal', '--framework=soc2', '--from=2024-06-10', '--to=2024-06-01', `--out=${out}`],
      /starts \(2024-06-10\) after it ends \(2024-06-01\)/,
    );
    await expectRefused(
      'cli artifacts export (json with a period)',
      ['artifacts', 'export', '--connection=acme', '--format=json', '--framework=soc2', `--out=${out}`],
      /apply to --format zip and oscal/,
    );
    await fc.assert(
      fc.asyncProperty(unknownName, async (name) =>
        expectRefused('cli artifacts export --connection', ['artifacts', 'export', `--connection=${name}`, `--out=${out}`], /No saved connection named/),
      ),
      fcOptions,
    );
    expect(() => statSync(out), 'no export folder was created').toThrow();
    // --out that cannot be a folder: a file, below a file, below /dev/null.
    const aFile = path.join(home, 'a-file');
    writeFileSync(aFile, 'not a folder');
    for (const [bad, code] of [
      [aFile, 'EEXIST'],
      [path.join(aFile, 'below'), 'ENOTDIR'],
      ['/dev/null/x', 'ENOTDIR'],
    ] as const) {
      for (const format of ['json', 'csv', 'zip', 'oscal']) {
        await expectRefused(
          'cli artifacts export --out',
          [
            'artifacts',
            'export',
            '--connection=acme',
            `--format=${format}`,
            ...(format === 'zip' || format === 'oscal' ? ['--framework=soc2'] : []),
            `--out=${bad}`,
          ],
          new RegExp(`--out ".*" cannot be the export folder \\(${code}\\)`),
        );
      }
    }
    expect(readFileSync(aFile, 'utf8')).toBe('not a folder');
  });

  it('schedule set / pause / resume / trigger / show', async () => {
    await fc.assert(
      fc.asyncProperty(badDuration, fc.constantFrom('--every', '--catchup-window'), async (value, flag) =>
        expectRefused(
          `cli schedule set ${flag}`,
          ['schedule', 'set', '--connection=acme', `${flag}=${value}`],
          new RegExp(`${flag} must be a number with a unit s, m, h or d`),
        ),
      ),
      fcOptions,
    );
    await fc.assert(
      fc.asyncProperty(unknownName, fc.constantFrom('set', 'pause', 'resume', 'trigger', 'show'), async (name, verb) =>
        expectRefused(`cli schedule ${verb} --connection`, ['schedule', verb, `--connection=${name}`], /No saved connection named/),
      ),
      fcOptions,
    );
    await expectRefused('cli schedule (missing --connection)', ['schedule', 'set'], /required option '--connection <name>' not specified/);
  });
});

describe('environment settings', () => {
  it('refuse bad values with exit 4 and a message naming the variable, and change nothing', async () => {
    const BAD_SETTINGS: [string, string, RegExp][] = [
      ['IRU_EVIDENCE_WORKER_MAX_ACTIVITIES', '0', /IRU_EVIDENCE_WORKER_MAX_ACTIVITIES: must be at least 1/],
      ['IRU_EVIDENCE_WORKER_MAX_ACTIVITIES', '201', /IRU_EVIDENCE_WORKER_MAX_ACTIVITIES: must be at most 200/],
      ['IRU_EVIDENCE_WORKER_MAX_ACTIVITIES', '1.5', /IRU_EVIDENCE_WORKER_MAX_ACTIVITIES: must be a whole number/],
      ['IRU_EVIDENCE_WORKER_MAX_ACTIVITIES', 'many', /IRU_EVIDENCE_WORKER_MAX_ACTIVITIES/],
      ['TEMPORAL_ADDRESS', 'https://temporal.example', /TEMPORAL_ADDRESS: must be host:port/],
      ['IRU_EVIDENCE_BUDGET_SHARE', '0', /IRU_EVIDENCE_BUDGET_SHARE must be above 0/],
      ['IRU_EVIDENCE_BUDGET_SHARE', '1.5', /IRU_EVIDENCE_BUDGET_SHARE must be at most 1/],
      ['IRU_EVIDENCE_REQUESTS_PER_SECOND', '60', /IRU_EVIDENCE_REQUESTS_PER_SECOND must stay under the gateway limit of 50\/s/],
      ['REDIS_URL', 'not a url', /REDIS_URL must be a redis:\/\/ URL/],
      ['IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS', '', /IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS must be a whole number of days \(0 to 3650\) or "forever"/],
      ['IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS', '-1', /IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS must be a whole number of days/],
      ['IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS', '30d', /IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS must be a whole number of days/],
      ['IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS', '4000', /IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS must be at most 3650 days/],
    ];
    for (const [name, value, message] of BAD_SETTINGS) {
      count('environment settings');
      const before = storeDigest();
      const saved = process.env[name];
      process.env[name] = value;
      try {
        const result = await cli(['artifacts', 'list', '--connection', 'acme']);
        expect({ name, value, code: result.code }).toEqual({ name, value, code: 4 });
        expect(result.stderr, `${name}=${value}`).toMatch(message);
        expect(result.stdout).toBe('');
      } finally {
        if (saved === undefined) delete process.env[name];
        else process.env[name] = saved;
      }
      expect(storeDigest(), `${name}=${value} left the store unchanged`).toBe(before);
    }
  });
});

describe('the wizard fields', () => {
  it('region and app segment can only ever resolve to an Iru API host (no other host, no URL, no token)', () => {
    const suffixes = { us: '.api.kandji.io', eu: '.api.eu.kandji.io', iru: '.api.iru.com', 'iru-eu': '.api.eu.iru.com' } as const;
    fc.assert(
      fc.property(fc.constantFrom(...REGIONS), fc.oneof(hostileText, fc.webUrl(), fc.domain(), fc.stringMatching(/^[a-z0-9-]{1,70}$/)), (region, app) => {
        count('wizard app (validation)');
        const checked = checkLocation({ region, app });
        if (!checked.ok) {
          expect(checked.errors[0]!.message.length).toBeGreaterThan(10);
          return;
        }
        expect(checked.value.baseUrl.href).toBe(`https://${app}${suffixes[region]}/`);
        expect(app).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses hostile region, app segment, token, name and URL fields over HTTP, never calls the diagnosis, saves nothing', async () => {
    const diagnosed: unknown[] = [];
    const diagnose: Diagnose = async (target) => {
      diagnosed.push(target);
      throw new Error('the diagnosis must not run for hostile input');
    };
    const app = await webApp({ diagnose });
    try {
      const adminKey = (await issueApiKey(store, { name: 'hostile admin', scope: 'admin', createdBy: 'test' }, new Date())).key;
      const post = (url: string, payload: unknown) =>
        app.inject({
          method: 'POST',
          url,
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
      const goodRegion = fc.constantFrom(...REGIONS);
      const field = fc.constantFrom('region', 'app', 'token');
      await fc.assert(
        fc.asyncProperty(
          field,
          goodRegion,
          badRegion,
          badApp,
          badTokenContent,
          fc.constantFrom('test', 'save'),
          async (which, region, hostileRegion, hostileApp, hostileToken, step) => {
            count(`wizard ${which} (HTTP)`);
            const body = {
              region,
              app: 'acme',
              token: randomUUID(),
              name: 'acme-new',
              testId: 'x',
              [which]: which === 'region' ? hostileRegion : which === 'app' ? hostileApp : hostileToken.replace(/\n$/, ''),
            };
            const before = storeDigest();
            const response = await post(`/connections/new/${step}`, body);
            expect(response.statusCode, JSON.stringify(body).slice(0, 200)).toBe(400);
            const answer = response.json() as { errors?: { field: string; message: string }[]; message?: string };
            // A field error beside the field, or (for a value of the wrong shape or size) the form refused naming it.
            if (answer.errors) {
              expect(answer.errors.map((e) => e.field)).toContain(which);
              for (const e of answer.errors) expect(e.message.length).toBeGreaterThan(10);
            } else expect(answer.message).toMatch(new RegExp(`^Unexpected form data: ${which} `));
            expect(storeDigest()).toBe(before);
          },
        ),
        fcOptions,
      );
      const hostileBodies: [Record<string, unknown>, RegExp, ('test' | 'save')[]?][] = [
        [{ baseUrl: 'http://127.0.0.1:9', token: randomUUID() }, /never a URL/],
        [{ region: 'us', app: 'acme', token: randomUUID(), url: 'http://127.0.0.1:9' }, /never a URL/],
        [{ region: 'us', app: ['acme'], token: randomUUID() }, /Unexpected form data/],
        [{ region: { toString: 'us' }, app: 'acme', token: randomUUID() }, /Unexpected form data/],
        [{ region: 'us', app: 'acme', token: 12345 }, /Unexpected form data/],
        [{ region: 'us', app: 'a'.repeat(301), token: randomUUID() }, /Unexpected form data/],
        [{ region: 'us', app: 'acme', token: 'x'.repeat(1_001) }, /Unexpected form data/],
        [{ region: 'us', app: randomUUID(), token: randomUUID() }, /API token, not the app segment/],
        [{ region: 'us', app: 'acme', token: randomUUID(), name: randomUUID(), testId: 'x' }, /API token, not a connection name/, ['save']],
        [{ region: 'us', app: '127.0.0.1', token: randomUUID() }, /app segment/],
        [{ region: 'us', app: 'acme.api.kandji.io.evil.example', token: randomUUID() }, /app segment|address/],
        [{ region: 'us', app: 'evil.example#', token: randomUUID() }, /app segment|address/],
        [{ region: 'us', app: 'x@evil', token: randomUUID() }, /app segment/],
        [{ region: 'us', app: 'acme', token: `Bearer ${randomUUID()}` }, /starts with \\"Bearer\\"/],
      ];
      for (const [body, message, steps] of hostileBodies) {
        for (const step of steps ?? ['test', 'save']) {
          count('wizard body (HTTP)');
          const before = storeDigest();
          const response = await post(`/connections/new/${step}`, body);
          expect(response.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
          expect(response.body).toMatch(message);
          expect(storeDigest()).toBe(before);
        }
      }
      count('wizard body (HTTP)');
      const huge = await post('/connections/new/test', { region: 'us', app: 'acme', token: 'x'.repeat(100_000) });
      expect(huge.statusCode).toBe(413);
      expect(diagnosed, 'the diagnosis never ran for hostile input').toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('web API parameters', () => {
  it('answer 4xx with a message, never 500, to hostile page, pageSize, sort, q, ids, framework and control ids and dates', async () => {
    const app = await webApp({});
    try {
      const readKey = (await issueApiKey(store, { name: 'hostile reader', scope: 'read', createdBy: 'test' }, new Date())).key;
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${readKey}` } });
      const value = fc.oneof(
        hostileText,
        fc.integer({ min: -1e9, max: 1e12 }).map(String),
        fc.constantFrom('1e3', '0x10', '1.5', '-0', 'NaN', 'Infinity', '01', ' 1', '1 ', '9'.repeat(40)),
      );
      const id = fc.oneof(hostileText, fc.stringMatching(/^art_[0-9a-f]{0,30}$/)).filter((v) => v !== '' && !v.includes('/'));
      const routes: { name: string; url: (v: string, w: string) => string }[] = [
        { name: 'records page', url: (v) => `/api/v1/artifacts/${artifactId}/records?${new URLSearchParams({ page: v })}` },
        { name: 'records pageSize', url: (v) => `/api/v1/artifacts/${artifactId}/records?${new URLSearchParams({ pageSize: v })}` },
        { name: 'records sort', url: (v, w) => `/api/v1/artifacts/${artifactId}/records?${new URLSearchParams({ sort: v, dir: w })}` },
        { name: 'records q', url: (v) => `/api/v1/artifacts/${artifactId}/records?${new URLSearchParams({ q: v })}` },
        { name: 'records (HTML)', url: (v, w) => `/artifacts/${artifactId}/records?${new URLSearchParams({ page: v, sort: w, q: v })}` },
        { name: 'artifact id', url: (v) => `/api/v1/artifacts/${encodeURIComponent(v)}` },
        { name: 'artifact id (HTML)', url: (v) => `/artifacts/${encodeURIComponent(v)}` },
        { name: 'artifact document id', url: (v) => `/api/v1/artifacts/${encodeURIComponent(v)}/document` },
        { name: 'artifact csv id', url: (v) => `/api/v1/artifacts/${encodeURIComponent(v)}/records.csv` },
        { name: 'changes from', url: (v) => `/api/v1/artifacts/${artifactId}/changes?${new URLSearchParams({ from: v })}` },
        { name: 'artifacts list', url: (v, w) => `/api/v1/artifacts?${new URLSearchParams({ connection: v, type: w, current: v, limit: w })}` },
        {
          name: 'artifacts ids',
          url: (v, w) => `/api/v1/artifacts?ids=${encodeURIComponent(v)}&ids=${encodeURIComponent(w)}&type=device-inventory&type=${encodeURIComponent(w)}`,
        },
        { name: 'runs', url: (v, w) => `/api/v1/runs?${new URLSearchParams({ connection: v, limit: w })}` },
        { name: 'run id', url: (v) => `/api/v1/runs/${encodeURIComponent(v)}` },
        { name: 'framework id', url: (v) => `/api/v1/frameworks/${encodeURIComponent(v)}` },
        { name: 'control id', url: (v, w) => `/api/v1/frameworks/soc2/controls/${encodeURIComponent(v)}?${new URLSearchParams({ from: w })}` },
        { name: 'control dates', url: (v, w) => `/api/v1/frameworks/soc2/controls/CC6.1?${new URLSearchParams({ from: v, to: w })}` },
        { name: 'package dates', url: (v, w) => `/api/v1/exports/package.zip?${new URLSearchParams({ framework: 'soc2', from: v, to: w })}` },
        { name: 'package framework', url: (v, w) => `/api/v1/exports/package.zip?${new URLSearchParams({ framework: v, connection: w })}` },
        { name: 'oscal', url: (v, w) => `/api/v1/exports/oscal.json?${new URLSearchParams({ framework: w, from: v, connection: v })}` },
        { name: 'exports page', url: (v, w) => `/exports?${new URLSearchParams({ framework: v, from: w, to: v })}` },
        { name: 'repeated page', url: (v, w) => `/api/v1/artifacts/${artifactId}/records?page=${encodeURIComponent(v)}&page=${encodeURIComponent(w)}` },
      ];
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(route.name.includes('id') && !route.name.includes('ids') ? id : value, value, async (v, w) => {
            count(`web ${route.name}`);
            const response = await get(route.url(v, w));
            expect(response.statusCode, `${route.name}: ${route.url(v, w).slice(0, 200)}`).toBeLessThan(500);
            if (response.statusCode >= 400) {
              const what = `${route.name} ${response.statusCode}: ${response.body.slice(0, 200)}`;
              if (String(response.headers['content-type'] ?? '').includes('json')) {
                const body = response.json() as { error?: { message?: string } };
                expect(body.error?.message?.length ?? 0, what).toBeGreaterThan(5);
              } else expect(response.body, what).toMatch(/<main|<p/);
            }
          }),
          { numRuns: RUNS },
        );
      }
    } finally {
      await app.close();
    }
  });
});

describe('export names that try to leave their folder', () => {
  it('stay inside the export folder and the package, from the CLI and the web', async () => {
    const sandbox = mkdtempSync(path.join(tmpdir(), 'iru-traversal-'));
    const out = path.join(sandbox, 'a', 'b', 'c', 'out');
    const names = [
      '../../../escaped',
      '..',
      '.',
      '../',
      '..\\..\\escaped',
      '/tmp/escaped-abs',
      'a/../../../../escaped',
      '%2e%2e%2fescaped',
      '.hidden',
      'CON',
      'a\u0000b',
      `${'x'.repeat(300)}`,
    ];
    const app = await webApp({});
    const readKey = (await issueApiKey(store, { name: 'traversal reader', scope: 'read', createdBy: 'test' }, new Date())).key;
    try {
      for (const [i, name] of names.entries()) {
        // Rows a hostile or corrupted store could hold: the names bypass every input check.
        const connection = await store.saveConnection({ name, baseUrl: 'http://127.0.0.1:9', token: randomUUID() });
        const run = await seedRun(store, connection, {
          collectedAt: new Date(Date.now() - 3_600_000).toISOString(),
          artifacts: [{ type: 'device-inventory', records: [deviceRecord(i)] }],
        });
        const hostileType = `../../../pwned-${i}`;
        const base = await readArtifact(store, (await store.getArtifact(run.artifacts[0]!.id))!);
        const forgedId = `art_${createHash('sha256').update(`forged-${i}`).digest('hex').slice(0, 24)}`;
        await store.startRun({
          id: `${run.runId}-forged`,
          connectionId: connection.id,
          workflowId: `${run.runId}-forged`,
          startedAt: new Date().toISOString(),
        });
        await putArtifactDocument(store, {
          ...base,
          id: forgedId,
          runId: `${run.runId}-forged`,
          type: hostileType as Artifact['type'],
          collectedAt: new Date().toISOString(),
          sha256: 'f'.repeat(64),
          contentSha256: 'f'.repeat(64),
        });
        const forged = { runId: `${run.runId}-forged`, connectionId: connection.id, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString() };
        const summary = { ...forged, status: 'succeeded' as const, sources: [], artifacts: [], notEvaluable: [], error: null };
        await store.publishRun(forged.runId, { status: 'succeeded', finishedAt: forged.finishedAt, summary });

        for (const format of ['json', 'csv', 'zip', 'oscal']) {
          count('export name (CLI)');
          const dir = path.join(out, `${i}-${format}`);
          const result = await cli([
            'artifacts',
            'export',
            `--connection=${name}`,
            `--format=${format}`,
            ...(format === 'zip' || format === 'oscal' ? ['--framework=soc2'] : []),
            `--out=${dir}`,
          ]);
          expect(result.code, `${format} ${JSON.stringify(name)}: ${result.stderr}`).toBe(0);
          for (const file of filesUnder(sandbox))
            expect(path.relative(out, file), `${format} export of ${JSON.stringify(name)} wrote ${file}`).not.toMatch(/^\.\./);
          for (const file of filesUnder(dir)) {
            if (file.endsWith('.zip'))
              for (const entry of (await readZip(readFileSync(file))).keys()) expect(safeEntry(entry), `zip entry ${entry}`).toBe(true);
          }
        }
        for (const url of [
          `/api/v1/exports/package.zip?${new URLSearchParams({ framework: 'soc2', connection: connection.id })}`,
          `/api/v1/exports/oscal.json?${new URLSearchParams({ framework: 'soc2', connection: connection.id })}`,
          `/api/v1/artifacts/${forgedId}/document`,
        ]) {
          count('export name (web)');
          const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${readKey}` } });
          expect(response.statusCode, url).toBe(200);
          const disposition = String(response.headers['content-disposition']);
          expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"$/);
          expect(disposition).not.toMatch(/filename="\.\./);
          if (url.includes('package.zip'))
            for (const entry of (await readZip(response.rawPayload)).keys()) expect(safeEntry(entry), `zip entry ${entry}`).toBe(true);
        }
      }
      expect(filesUnder(path.join(sandbox, 'a')).every((f) => !path.relative(out, f).startsWith('..'))).toBe(true);
    } finally {
      await app.close();
      rmSync(sandbox, { recursive: true, force: true });
    }
  });
});

describe('oversized and deeply nested API responses', () => {
  let sim: RunningSimulator;
  let temporal: TemporalHarness;
  beforeAll(async () => {
    sim = await startSimulator({ fleet: { seed: 3, devices: 40 }, tokens: { [TOKEN]: { permissions: 'all' } } });
    temporal = await temporalHarness();
    await temporal.startWorker({ store, budget: { perSecond: 200, maxConcurrent: 4 } });
  });
  afterAll(async () => {
    await temporal?.close();
    await sim?.close();
  });

  const MIB = 2 ** 20;
  const hostile: Record<string, (res: import('node:http').ServerResponse) => void> = {
    'nested 100,000 levels': (res) => jsonAnswer(res, `{"count":1,"next":null,"results":${deeplyNested(100_000)}}`),
    'nested 65 levels inside a row': (res) =>
      jsonAnswer(res, `{"count":1,"next":null,"results":[{"device_id":"d1","platform":"Mac","user":${'{"x":'.repeat(65)}1${'}'.repeat(65)}}]}`),
    'licensing nested deep in a passed-through field': (res) =>
      jsonAnswer(res, `{"counts":{},"limits":{"plan_type":"x","extra":${deeplyNested(20_000)}},"tenantOverLicenseLimit":false}`),
    '65 MiB body with a Content-Length': (res) => jsonAnswer(res, `{"results":[],"pad":"${' '.repeat(65 * MIB)}"}`),
    '80 MiB body, chunked': (res) => streamHuge(res, 80 * MIB),
  };

  it('are refused by the client with IRU_INVALID_RESPONSE (depth and size caps)', async () => {
    for (const [name, answer] of Object.entries(hostile)) {
      count('hostile response (client)');
      const path_ = name.startsWith('licensing') ? '/api/v1/settings/licensing' : '/api/v1/devices';
      const tenant = await hostileTenant({ upstream: sim.url, override: (p, _req, res) => (p === path_ ? (answer(res), true) : false) });
      const http = new IruHttp({ baseUrl: new URL(tenant.url), token: TOKEN, limiter: limiterFor(`hostile-${randomUUID()}`), maxAttempts: 1 });
      try {
        const entry = endpoint(name.startsWith('licensing') ? 'licensing' : 'devices');
        const error = await (async () => {
          for await (const _page of paginate(http, entry, {})) void _page;
        })().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, name).toBeInstanceOf(IruInvalidResponseError);
        expect((error as Error).message, name).toMatch(/deeper than 64 levels|larger than the 67108864-byte limit|does not match the documented shape/);
      } finally {
        await http.close();
        await tenant.close();
      }
    }
  });

  it('end a collection partial with invalid_response for those sources, the others collected', async () => {
    count('hostile response (collection)', 2);
    const tenant = await hostileTenant({
      upstream: sim.url,
      override: (p, _req, res) => {
        if (p === '/api/v1/prism/filevault') return (jsonAnswer(res, `{"offset":0,"limit":300,"total":1,"data":${deeplyNested(50_000)}}`), true);
        if (p === '/api/v1/blueprints') return (streamHuge(res, 70 * MIB), true);
        return false;
      },
    });
    try {
      const connection = await store.saveConnection({ name: `hostile-${randomUUID().slice(0, 6)}`, baseUrl: tenant.url, token: TOKEN });
      const run = await startRun(temporal.client, temporal.taskQueue, connection, {
        sources: FAULT_SOURCES,
        heartbeatTimeoutSeconds: 10,
        sourceRetry: { maximumAttempts: 2, initialIntervalSeconds: 1 },
      });
      expect(await settle(run, 120_000)).toBe('completed');
      const evidence = await runEvidence(store, run.workflowId, FAULT_SOURCES);
      expect(evidence.status).toBe('partial');
      expect(source(evidence.summary, 'devices').status).toBe('succeeded');
      expect(source(evidence.summary, 'prism-filevault').error).toMatchObject({
        code: 'invalid_response',
        message: expect.stringMatching(/deeper than 64 levels/),
      });
      expect(source(evidence.summary, 'blueprint-library-items').error).toMatchObject({
        code: 'invalid_response',
        message: expect.stringMatching(/larger than the 67108864-byte limit/),
      });
      expect(tenant.requests.every((r) => r.method === 'GET' && !r.path.includes('/secrets'))).toBe(true);
    } finally {
      await tenant.close();
    }
  });

  it('give a diagnosis, not a crash', async () => {
    count('hostile response (diagnose)');
    const tenant = await hostileTenant({
      upstream: sim.url,
      override: (p, _req, res) => (p === '/api/v1/devices' ? (jsonAnswer(res, `{"count":1,"next":null,"results":${deeplyNested(100_000)}}`), true) : false),
    });
    try {
      const diagnosis = await diagnoseConnection({ baseUrl: new URL(tenant.url), token: TOKEN });
      const devices = JSON.stringify(diagnosis).match(/deeper than 64 levels/g);
      expect(devices?.length ?? 0).toBeGreaterThan(0);
    } finally {
      await tenant.close();
    }
  });
});

// ---- helpers ----

async function webApp(options: { diagnose?: Diagnose }): Promise<FastifyInstance> {
  if (!(await store.findWebUserCredentials('hostile-admin')))
    await createUser(store, { username: 'hostile-admin', password: 'correct horse battery staple', role: 'admin' });
  const app = await buildWebApp({ store, ...(options.diagnose ? { diagnose: options.diagnose } : {}) });
  await app.ready();
  return app;
}

function jsonAnswer(res: import('node:http').ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function safeEntry(entry: string): boolean {
  return !entry.startsWith('/') && !entry.split('/').some((segment) => segment === '..' || segment === '') && !entry.includes('\\');
}
