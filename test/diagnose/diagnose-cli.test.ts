import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Diagnosis } from '../../src/diagnose/index.js';
import { ALL, permissionsExcept, tenant } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'iru-diagnose-cli-'));
const schema = JSON.parse(readFileSync(new URL('../../schemas/diagnosis.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile<Diagnosis>(schema);

function tokenFile(content: string): string {
  const file = path.join(dir, `${randomUUID()}.token`);
  writeFileSync(file, content);
  return file;
}

/** Runs the real CLI entry point in-process, capturing stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'iru-evidence', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

function schemaErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('iru-evidence diagnose', () => {
  it('--json output validates against schemas/diagnosis.schema.json in every verdict, with the documented exit codes', async () => {
    const partial = randomUUID();
    const rerouted = randomUUID();
    const sim = await tenant({
      edr: false,
      tokens: {
        [partial]: { permissions: permissionsExcept('devices'), missingPermissionStatus: 401 },
        [rerouted]: { permissions: permissionsExcept('prism-filevault'), missingPermissionStatus: 403 },
      },
    });
    const cases: [string, string, number, Diagnosis['verdict']][] = [
      [sim.url, `${ALL}\n`, 0, 'healthy'],
      [sim.url, rerouted, 0, 'warnings'],
      [sim.url, randomUUID(), 3, 'token_rejected'],
      [sim.url, partial, 1, 'problems'],
      ['http://127.0.0.1:1', ALL, 1, 'unreachable'],
    ];
    for (const [baseUrl, token, code, verdict] of cases) {
      const run = await cli('diagnose', '--base-url', baseUrl, '--token-file', tokenFile(token), '--json');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(code);
      const diagnosis = JSON.parse(run.stdout) as Diagnosis;
      expect(diagnosis.verdict).toBe(verdict);
      expect(schemaErrors(diagnosis)).toEqual([]);
      expect(run.stdout).not.toContain(token.trim());
    }
  });

  it('the schema is strict: an unknown verdict or a token field does not validate', async () => {
    const sim = await tenant();
    const run = await cli('diagnose', '--base-url', sim.url, '--token-file', tokenFile(ALL), '--json');
    const diagnosis = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(schemaErrors({ ...diagnosis, verdict: 'fine' })).not.toEqual([]);
    expect(schemaErrors({ ...diagnosis, token: ALL })).not.toEqual([]);
  });

  it('prints the matrix for people, with the fix for each denied permission', async () => {
    const partial = randomUUID();
    const sim = await tenant({ tokens: { [partial]: { permissions: permissionsExcept('users') } } });
    const run = await cli('diagnose', '--base-url', sim.url, '--token-file', tokenFile(partial));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Diagnosis of http:\/\/127\.0\.0\.1:\d+\/ \(token sha256:[0-9a-f]{16}\)\nProblems found: token accepted/);
    expect(run.stdout).toMatch(/\n {2}DENIED +users +Users › Users › List users\n/);
    expect(run.stdout).toContain(
      'Fix: In Iru, open Access > API tokens, choose this token (⋮ > View) and, on its Permissions tab, enable GET "List users" (/api/v1/users) ' +
        'under Users › Users.',
    );
    expect(run.stdout).toMatch(/This check sent \d+ request\(s\) to Iru \(at most \d+\)/);
  });

  it('bad input: a specific message, exit 2, nothing sent', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--region', 'eu', '--app', 'https://acme.api.eu.kandji.io'],
        /--app: "https:\/\/acme\.api\.eu\.kandji\.io" is an address, not the app segment: enter only "acme"/,
      ],
      [['--region', 'eu', '--app', 'Acme'], /--app: The app segment is lower case in Iru API URLs: use "acme"/],
      [['--region', 'asia', '--app', 'acme'], /--region: Unknown region "asia"/],
      [['--base-url', 'not a url'], /is not a URL/],
      [['--region', 'us', '--app', 'acme', '--base-url', 'https://acme.api.kandji.io'], /either --region and --app, or --base-url/],
    ];
    for (const [flags, message] of cases) {
      const run = await cli('diagnose', ...flags, '--token-file', tokenFile(ALL));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
    const twoNewlines = await cli('diagnose', '--region', 'us', '--app', 'acme', '--token-file', tokenFile(`${ALL}\n\n`));
    expect(twoNewlines.code).toBe(2);
    expect(twoNewlines.stderr).toMatch(/ends with a line break: paste the token alone, without the newline/);
    const notUuid = await cli('diagnose', '--region', 'us', '--app', 'acme', '--token-file', tokenFile('my-token'));
    expect(notUuid.stderr).toMatch(/not an Iru API token: Iru tokens are UUIDs/);
  });
});
