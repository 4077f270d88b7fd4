import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { issueApiKey } from '../../src/web/auth/api-keys.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { tempStore } from '../helpers/store.js';
import { seedConnection } from './helpers/seed.js';
import { seedUsers, signIn, testApp, type Session } from './helpers/web.js';

const storage = tempStore();
const NOW = new Date('2026-03-05T12:00:00.000Z');
let app: FastifyInstance;
let alice: Session;
let audrey: Session;

beforeAll(async () => {
  await seedUsers(storage.store);
  await seedConnection(storage.store, 'acme');
  app = await testApp({ store: storage.store, now: () => NOW });
  alice = await signIn(app, 'alice');
  audrey = await signIn(app, 'audrey');
});

afterAll(async () => {
  await app.close();
  await storage.cleanup();
});

const body = { connection: 'acme', deviceId: 'dev-9', check: 'firewall', justification: 'Firewall managed by the lab network', expiresOn: '2026-04-30' };
const post = (session: Session, url: string, payload: object, csrf = session.csrf) =>
  app.inject({ method: 'POST', url, headers: { cookie: session.cookie, 'x-csrf-token': csrf }, payload });

describe('/api/v1/exceptions', () => {
  it('lets an admin grant, list and revoke, recording who approved and who revoked', async () => {
    const created = await post(alice, '/api/v1/exceptions', body);
    expect(created.statusCode).toBe(201);
    const exception = created.json().exception;
    const { connection: _name, ...fields } = body;
    expect(exception).toMatchObject({ ...fields, connectionName: 'acme', approver: 'alice', createdAt: NOW.toISOString(), state: 'in_force' });

    const listed = await app.inject({ method: 'GET', url: '/api/v1/exceptions?connection=acme', headers: { cookie: alice.cookie } });
    expect(listed.json().exceptions.map((e: { id: string }) => e.id)).toContain(exception.id);

    const revoked = await post(alice, `/api/v1/exceptions/${exception.id}/revoke`, {});
    expect(revoked.json().exception).toMatchObject({ state: 'revoked', revokedBy: 'alice', revokedAt: NOW.toISOString() });
    const again = await post(alice, `/api/v1/exceptions/${exception.id}/revoke`, {});
    expect(again.statusCode).toBe(409);
  });

  it('names the admin behind an API key as the approver', async () => {
    const { key } = await issueApiKey(storage.store, { name: 'grc-sync', scope: 'admin', createdBy: 'alice', createdByUserId: null }, NOW);
    const created = await app.inject({ method: 'POST', url: '/api/v1/exceptions', headers: { authorization: `Bearer ${key}` }, payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json().exception.approver).toBe('alice (API key "grc-sync")');
  });

  it('refuses bad input with a specific message, a form without its CSRF token, and auditors; nothing is stored', async () => {
    const before = (await storage.store.listExceptions()).length;
    const bad = await post(alice, '/api/v1/exceptions', { ...body, justification: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/justification is required/);
    expect((await post(alice, '/api/v1/exceptions', { ...body, connection: 'globex' })).statusCode).toBe(404);
    expect((await post(alice, '/api/v1/exceptions', body, 'not-the-token')).statusCode).toBe(403);
    expect((await post(audrey, '/api/v1/exceptions', body)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/exceptions', headers: { cookie: audrey.cookie } })).statusCode).toBe(403);
    expect((await storage.store.listExceptions()).length).toBe(before);
  });

  it('answers the form on /exceptions with the page again, saying why nothing was done', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/exceptions',
      headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...body, expiresOn: '2020-01-01', _csrf: alice.csrf }).toString(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The expiry 2020-01-01 is in the past: today is 2026-03-05 (UTC)');
    expect(response.body).toContain('apply from the <strong>next collection</strong>');
  });
});

describe('iru-evidence exceptions add|list|revoke', () => {
  const env = { IRU_EVIDENCE_HOME: storage.dir, IRU_EVIDENCE_KEY: storage.key.toString('base64'), DATABASE_URL: '' };
  const cli = (...args: string[]) => runCliInProcess(['exceptions', ...args], env);
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const add = ['add', '--connection', 'acme', '--device', 'dev-cli', '--justification', 'Loaner pool', '--approver', 'carol'];

  it('grants, lists and revokes, with --json', async () => {
    const granted = await cli(...add, '--check', 'os-currency', '--expires', day(10), '--json');
    expect(granted).toMatchObject({ code: EXIT.OK, stderr: '' });
    const exception = JSON.parse(granted.stdout);
    expect(exception).toMatchObject({ deviceId: 'dev-cli', check: 'os-currency', approver: 'carol (CLI)', expiresOn: day(10), state: 'in_force' });

    const listed = await cli('list', '--connection', 'acme');
    expect(listed.code).toBe(EXIT.OK);
    expect(listed.stdout).toContain(`${exception.id}  in force  acme  dev-cli  os-currency  last day ${day(10)}  approved by carol (CLI)`);

    const revoked = await cli('revoke', exception.id, '--by', 'dave');
    expect(revoked).toMatchObject({ code: EXIT.OK, stdout: `Revoked ${exception.id}: it stops applying from the next collection\n` });
    expect(JSON.parse((await cli('list', '--json')).stdout).find((e: { id: string }) => e.id === exception.id)).toMatchObject({
      state: 'revoked',
      revokedBy: 'dave (CLI)',
    });
  });

  it('refuses bad input with one line and the usage exit code, storing nothing', async () => {
    const before = (await storage.store.listExceptions()).length;
    const cases: [string[], string][] = [
      [[...add, '--expires', '2020-01-01'], `The expiry 2020-01-01 is in the past: today is ${day(0)} (UTC)`],
      [[...add, '--expires', day(400)], `more than 365 days ahead: the latest is ${day(365)}`],
      [[...add, '--expires', day(3), '--check', 'nope'], '"nope" is not a check an exception can name'],
      [
        ['add', '--connection', 'globex', '--device', 'd', '--justification', 'j', '--approver', 'a', '--expires', day(3)],
        'There is no connection named "globex"',
      ],
      [['revoke', 'exc_missing', '--by', 'dave'], 'There is no exception with id "exc_missing"'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(EXIT.USAGE);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await cli('add', '--connection', 'acme')).code).toBe(EXIT.USAGE); // missing required options
    expect((await storage.store.listExceptions()).length).toBe(before);
  });

  it('has --help', async () => {
    const help = await cli('add', '--help');
    expect(help.code).toBe(EXIT.OK);
    expect(help.stdout).toContain('--expires <YYYY-MM-DD>');
  });
});
