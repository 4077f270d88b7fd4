import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConnect, type ConnectDeps, type ConnectFlags } from '../../src/cli/commands/connect.js';
import { CliError } from '../../src/cli/exit-codes.js';
import { diagnoseConnection, type Lookup } from '../../src/diagnose/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { tokenFingerprint } from '../../src/store/index.js';
import { tempStore } from '../helpers/store.js';
import { ALL, tenant } from './helpers.js';

const storage = tempStore();
const dir = mkdtempSync(path.join(tmpdir(), 'iru-connect-cli-'));
afterAll(() => storage.cleanup());

const noDns: Lookup = async (host) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

function tokenFile(content: string): string {
  const file = path.join(dir, `${randomUUID()}.token`);
  writeFileSync(file, content);
  return file;
}

/** The command with scripted stdin, captured stdout, and region + app pointed at the simulator. */
function deps(sim: RunningSimulator | null, lines: string[] = []): ConnectDeps & { text(): string } {
  let text = '';
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    store: storage.store,
    diagnose: (target) => diagnoseConnection(target, { lookup: noDns }),
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output,
    resolveRegionUrl: sim ? () => new URL(sim.url) : undefined,
    text: () => text,
  };
}

async function connectionsNamed(name: string) {
  return (await storage.store.listConnections()).filter((c) => c.name === name);
}

describe('iru-evidence connect, interactive (scripted stdin)', () => {
  it('asks region, app (previewing the API URL) and the Bearer JWT, refuses bad answers specifically, tests, then saves', async () => {
    const sim = await tenant();
    const io = deps(sim, ['asia', 'EU', 'https://acme.api.eu.kandji.io', 'Acme', 'acme', 'not-a-token', `Bearer ${ALL}`, ALL, '', 'y']);
    const code = await runConnect({}, io);
    const out = io.text();
    expect(code).toBe(0);
    expect(out).toContain('Unknown region "asia": choose one of us (US), eu (EU), iru (Iru)');
    expect(out).toContain('"https://acme.api.eu.kandji.io" is an address, not the app segment: enter only "acme" and choose the region EU');
    expect(out).toContain('The app segment is lower case in Iru API URLs: use "acme", not "Acme"');
    expect(out).toContain(`API URL: ${new URL(sim.url).origin}`);
    expect(out).toContain('Bearer JWT: the API token from Access > API tokens in Iru (it is shown only once, when the token is created).');
    expect(out).toMatch(/The API token in the Bearer JWT field is not an Iru API token/);
    expect(out).toMatch(/starts with "Bearer": paste the token alone/);
    expect(out).toContain('Testing the connection...');
    expect(out).toMatch(/Permissions \(GET\):\n {2}granted/);
    expect(out).toContain('Saved connection "acme"');
    expect(out).not.toContain(ALL);
    const [saved] = await connectionsNamed('acme');
    expect(saved).toMatchObject({ region: 'eu', app: 'acme', baseUrl: `${sim.url}/`, tokenFingerprint: tokenFingerprint(ALL) });
    expect(await storage.store.readToken(saved!.id)).toBe(ALL);
  });

  it('a token Iru rejects: the diagnosis says so, nothing is saved, exit 3', async () => {
    const sim = await tenant();
    const io = deps(sim, ['us', 'rejected', randomUUID()]);
    expect(await runConnect({}, io)).toBe(3);
    expect(io.text()).toMatch(/TOKEN REJECTED: Iru answered 401 Unauthorized on every route/);
    expect(io.text()).toContain('Nothing was saved');
    expect(await connectionsNamed('rejected')).toEqual([]);
  });

  it('input that ends mid-way, or three bad answers, saves nothing (exit 2)', async () => {
    const sim = await tenant();
    await expect(runConnect({}, deps(sim, ['us', 'ended']))).rejects.toThrow(/The input ended before the wizard finished; nothing was saved/);
    const tooMany = runConnect({}, deps(sim, ['mars', 'venus', 'pluto']));
    await expect(tooMany).rejects.toBeInstanceOf(CliError);
    await expect(tooMany).rejects.toThrow(/Unknown region "pluto".*; nothing was saved/);
    expect(await connectionsNamed('ended')).toEqual([]);
  });

  it('declining the save stores nothing; a taken name is asked again', async () => {
    const sim = await tenant();
    await storage.store.saveConnection({ name: 'taken', baseUrl: 'https://taken.api.kandji.io', token: randomUUID() });
    const io = deps(sim, ['us', 'declined', ALL, 'taken', 'declined-2', 'n']);
    expect(await runConnect({}, io)).toBe(0);
    expect(io.text()).toMatch(/A connection named "taken" already exists: choose another name/);
    expect(io.text()).toContain('Nothing was saved.');
    expect(await connectionsNamed('declined-2')).toEqual([]);
  });

  it('reads the token without echo on a terminal', async () => {
    const sim = await tenant();
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runConnect({}, { ...deps(sim), input, output });
    const typeLine = async (line: string, prompt: RegExp) => {
      while (!prompt.test(text)) await new Promise((r) => setTimeout(r, 10));
      input.write(`${line}\r`);
    };
    await typeLine('us', /Region \[/);
    await typeLine('tty-echo', /App segment/);
    await typeLine(ALL, /Bearer JWT: $/);
    await typeLine('', /Connection name/);
    await typeLine('n', /Save "tty-echo"/);
    expect(await done).toBe(0);
    expect(text).toContain('Region [1-4, us, eu, iru or iru-eu]: us');
    expect(text).toContain('App segment (the subdomain of your API URL, e.g. "acme" for https://acme.api.kandji.io): tty-echo');
    expect(text).not.toContain(ALL);
  });
});

describe('iru-evidence connect, scripted (flags)', () => {
  const flags = (extra: Partial<ConnectFlags>): ConnectFlags => ({ region: 'us', app: 'scripted', ...extra });

  it('saves after a passing test; refuses a taken name, a URL as the app, an unknown region, a bad token file', async () => {
    const sim = await tenant();
    const io = deps(sim);
    expect(await runConnect(flags({ tokenFile: tokenFile(`${ALL}\n`), name: 'scripted' }), io)).toBe(0);
    expect(io.text()).toContain('Saved connection "scripted"');
    await expect(runConnect(flags({ tokenFile: tokenFile(ALL), name: 'scripted' }), deps(sim))).rejects.toThrow(/A connection named "scripted" already exists/);
    await expect(runConnect(flags({ app: 'https://acme.api.kandji.io', tokenFile: tokenFile(ALL) }), deps(sim))).rejects.toThrow(
      /--app: .* is an address, not the app segment: enter only "acme"/,
    );
    await expect(runConnect(flags({ region: 'asia', tokenFile: tokenFile(ALL) }), deps(sim))).rejects.toThrow(/--region: Unknown region "asia"/);
    await expect(runConnect(flags({ app: 'other', tokenFile: tokenFile(`${ALL} `) }), deps(sim))).rejects.toThrow(/leading or trailing whitespace/);
    await expect(runConnect(flags({ app: 'other', name: 'my tenant', tokenFile: tokenFile(ALL) }), deps(sim))).rejects.toThrow(/1-64 letters/);
    expect(await connectionsNamed('other')).toEqual([]);
  });

  it('the right token on the wrong region: says which region has the tenant, saves nothing, exit 1', async () => {
    const io = deps(null);
    io.diagnose = (target) => diagnoseConnection(target, { lookup: async (host) => (host === 'acme.api.kandji.io' ? ['203.0.113.7'] : noDns(host)) });
    const code = await runConnect({ region: 'eu', app: 'acme', tokenFile: tokenFile(ALL), name: 'wrong-region' }, io);
    expect(code).toBe(1);
    expect(io.text()).toContain(
      'UNREACHABLE: No tenant "acme" in region EU: acme.api.eu.kandji.io does not exist (ENOTFOUND), but acme.api.kandji.io does: is the tenant in region US?',
    );
    expect(await connectionsNamed('wrong-region')).toEqual([]);
  });
});

describe('iru-evidence connect --rotate-token', () => {
  it('replaces the token only after the new one passes, keeping the connection and its history', async () => {
    const sim = await tenant();
    const oldToken = randomUUID();
    sim.setTokens({ [ALL]: { permissions: 'all' }, [oldToken]: { permissions: 'all' } });
    const connection = await storage.store.saveConnection({ name: 'rotating', baseUrl: sim.url, token: oldToken });
    await storage.store.startRun({ id: 'run-before-rotation', connectionId: connection.id, workflowId: 'wf', startedAt: new Date().toISOString() });

    const rejected = deps(sim);
    expect(await runConnect({ rotateToken: true, connection: 'rotating', tokenFile: tokenFile(randomUUID()) }, rejected)).toBe(3);
    expect(rejected.text()).toContain('The token of "rotating" was not changed.');
    expect(await storage.store.readToken(connection.id)).toBe(oldToken);

    await expect(runConnect({ rotateToken: true, connection: 'rotating', tokenFile: tokenFile(oldToken) }, deps(sim))).rejects.toThrow(
      /already the token of "rotating"/,
    );

    const io = deps(sim);
    expect(await runConnect({ rotateToken: true, connection: 'rotating', tokenFile: tokenFile(ALL) }, io)).toBe(0);
    const after = (await storage.store.getConnection('rotating'))!;
    expect(after.id).toBe(connection.id);
    expect(after.tokenFingerprint).toBe(tokenFingerprint(ALL));
    expect(await storage.store.readToken(connection.id)).toBe(ALL);
    expect((await storage.store.listRuns(connection.id)).map((r) => r.id)).toEqual(['run-before-rotation']);
    expect(io.text()).toContain(`Replaced the token of "rotating" (${tokenFingerprint(oldToken)} -> ${tokenFingerprint(ALL)})`);
    expect(io.text()).not.toContain(ALL);
  });

  it('asks for the new token interactively when no file is given, and refuses address flags', async () => {
    const sim = await tenant();
    const connection = await storage.store.saveConnection({ name: 'rotate-prompt', baseUrl: sim.url, token: randomUUID() });
    const io = deps(sim, [ALL]);
    expect(await runConnect({ rotateToken: true, connection: 'rotate-prompt' }, io)).toBe(0);
    expect(io.text()).toContain('New Bearer JWT: ');
    expect(await storage.store.readToken(connection.id)).toBe(ALL);
    await expect(runConnect({ rotateToken: true, connection: 'rotate-prompt', region: 'us' }, deps(sim))).rejects.toThrow(
      /keeps the connection's address and name/,
    );
    await expect(runConnect({ rotateToken: true }, deps(sim))).rejects.toThrow(/needs --connection NAME/);
    await expect(runConnect({ rotateToken: true, connection: 'nope', tokenFile: tokenFile(ALL) }, deps(sim))).rejects.toThrow(
      /No saved connection named "nope"/,
    );
  });
});
