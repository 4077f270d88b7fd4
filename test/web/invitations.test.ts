import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { secretHash } from '../../src/web/auth/secrets.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { sql } from '../helpers/store-sql.js';
import { tempStore } from '../helpers/store.js';
import { deviceRecord, seedConnection, seedRun } from './helpers/seed.js';
import { PASSWORD, seedUsers, setCookie, signIn, testApp, type Session } from './helpers/web.js';

const storage = tempStore();
const START = new Date('2026-01-10T12:00:00.000Z');
let clock = START;
let app: FastifyInstance;
let alice: Session;
let artifactId: string;

const UNAVAILABLE = 'This invitation link is not valid: it has expired, was already used, or was revoked. Ask the admin who invited you for a new one.';
const LINK = /<code class="secret">(http:\/\/[^/<]+(\/invitations\/([A-Za-z0-9_-]{43})))<\/code>/;

beforeAll(async () => {
  await seedUsers(storage.store);
  const connection = await seedConnection(storage.store);
  const { artifacts } = await seedRun(storage.store, connection, {
    collectedAt: '2026-01-10T00:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(1)] }],
  });
  artifactId = artifacts[0]!.id;
  app = await testApp({ store: storage.store, now: () => clock });
  alice = await signIn(app, 'alice');
});

afterAll(async () => {
  await app.close();
  await storage.cleanup();
});

const form = (session: Session, url: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: session.csrf }).toString(),
  });
const getAs = (session: Session, url = '/api/v1/me') => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
const userNames = async () => (await storage.store.listWebUsers()).map((u) => u.username).sort();

/** Alice invites on the Users page; the link shown once, and its token. */
async function invite(fields: Record<string, string>): Promise<{ response: LightMyRequestResponse; link: string; path: string; token: string }> {
  const response = await form(alice, '/admin/invitations', { role: 'auditor', ...fields });
  const [, link, path, token] = LINK.exec(response.body) ?? [];
  return { response, link: link!, path: path!, token: token! };
}

/** The invitee opens the link and sends the form, as a browser would. */
async function accept(path: string, username: string, password = PASSWORD, passwordAgain = password): Promise<LightMyRequestResponse> {
  const page = await app.inject({ method: 'GET', url: path });
  const csrf = setCookie(page, 'iru_login_csrf')?.value ?? 'no-form';
  return app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf}` },
    payload: new URLSearchParams({ username, password, passwordAgain, _csrf: csrf }).toString(),
  });
}

/** The sign-in form's answer, whole. */
async function signInAnswer(username: string, password = PASSWORD): Promise<LightMyRequestResponse> {
  const csrf = setCookie(await app.inject({ method: 'GET', url: '/login' }), 'iru_login_csrf')!.value;
  return app.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf}` },
    payload: new URLSearchParams({ username, password, _csrf: csrf, next: '/frameworks' }).toString(),
  });
}

function sessionFrom(response: LightMyRequestResponse): Session {
  return { cookie: `iru_session=${setCookie(response, 'iru_session')!.value}`, csrf: '' };
}

describe('inviting an auditor with time-boxed access', () => {
  it('an admin invites; the invitee picks a name and password, is signed in, reads Artifacts, and the link works once', async () => {
    const { response, link, path, token } = await invite({ accessUntil: '2026-02-28', note: 'Jane at Audit LLP' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Invited Jane at Audit LLP as auditor with access until 2026-02-28.');
    expect(link).toMatch(/^http:\/\/localhost(:\d+)?\/invitations\//);
    // Only the token's hash is stored, and the link is not shown again.
    expect(JSON.stringify(await sql(storage.store, 'SELECT * FROM web_invitations'))).not.toContain(token);
    const users = await getAs(alice, '/admin/users');
    expect(users.body).not.toContain(token);
    expect(users.body).toMatch(
      /<td>Jane at Audit LLP<\/td><td>auditor<\/td><td>2026-02-28<\/td><td><time datetime="2026-01-17T12:00:00.000Z">.*<\/td><td>alice<\/td>/,
    );
    const [pending] = await storage.store.listPendingInvitations(clock.toISOString());
    expect(users.body).toContain(`action="/admin/invitations/${pending!.id}/revoke"`);

    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You are invited to iru-evidence as auditor (read-only), with access until 2026-02-28 (UTC).');

    const mismatch = await accept(path, 'jane', PASSWORD, `${PASSWORD}!`);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The two passwords differ');
    const short = await accept(path, 'jane', 'short');
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('The password must be at least 12 characters long');
    const taken = await accept(path, 'Audrey');
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('A user named &quot;audrey&quot; already exists: choose another name');
    expect(await userNames()).toEqual(['alice', 'audrey']);

    const accepted = await accept(path, 'Jane');
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/frameworks');
    const jane = sessionFrom(accepted);
    expect((await getAs(jane)).json()).toEqual({ name: 'jane', role: 'auditor', kind: 'session' });
    expect((await getAs(jane, `/artifacts/${artifactId}`)).statusCode).toBe(200);
    expect((await getAs(jane, `/api/v1/artifacts/${artifactId}`)).json()).toMatchObject({ artifact: { id: artifactId } });
    expect((await getAs(jane, '/admin/users')).statusCode).toBe(403);
    expect(await storage.store.findWebUser('jane')).toMatchObject({ role: 'auditor', expiresAt: '2026-02-28T23:59:59.999Z' });

    for (const again of [await app.inject({ method: 'GET', url: path }), await accept(path, 'jane2')]) {
      expect(again.statusCode).toBe(410);
      expect(again.body).toContain(UNAVAILABLE);
    }
    expect(await userNames()).toEqual(['alice', 'audrey', 'jane']);
    const after = await getAs(alice, '/admin/users');
    expect(after.body).toContain('No pending invitations.');
    expect(after.body).toMatch(/<td>jane<\/td><td>auditor<\/td><td>active<\/td><td>expires 2026-02-28/);
  });

  it('after the access end, their session stops at once and sign-in says their access expired; an admin can extend or remove the end', async () => {
    clock = new Date('2026-02-28T20:00:00.000Z');
    const jane = await signIn(app, 'jane');
    clock = new Date('2026-02-28T23:59:59.000Z');
    expect((await getAs(jane)).statusCode).toBe(200);
    clock = new Date('2026-03-01T00:00:00.000Z');
    const refused = await getAs(jane);
    expect(refused.statusCode).toBe(401);
    const expired = await signInAnswer('jane');
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('Your access expired on 2026-02-28: ask an admin to extend it');
    expect(setCookie(expired, 'iru_session')).toBeUndefined();
    // Without the right password nobody learns that the account exists, let alone that it expired.
    const wrong = await signInAnswer('jane', 'wrong password here');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong username or password');

    alice = await signIn(app, 'alice');
    const janeId = (await storage.store.findWebUser('jane'))!.id;
    const page = await getAs(alice, '/admin/users');
    expect(page.body).toMatch(/<td>jane<\/td><td>auditor<\/td><td>access expired<\/td><td>expired<br><small>on 2026-02-28<\/small>/);

    const past = await form(alice, `/admin/users/${janeId}/access-expiry`, { accessUntil: '2026-02-27' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The access end date 2026-02-27 is in the past: today is 2026-03-01 (UTC)');
    const malformed = await form(alice, `/admin/users/${janeId}/access-expiry`, { accessUntil: '2026-02-30' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('The access end date must be a day written YYYY-MM-DD, not &quot;2026-02-30&quot;');
    const admin = await form(alice, `/admin/users/${(await storage.store.findWebUser('alice'))!.id}/access-expiry`, { accessUntil: '2026-12-31' });
    expect(admin.statusCode).toBe(409);
    expect((await storage.store.findWebUser('jane'))!.expiresAt).toBe('2026-02-28T23:59:59.999Z');
    expect((await storage.store.findWebUser('alice'))!.expiresAt).toBeNull();
    const auditor = await signIn(app, 'audrey');
    expect((await form(auditor, `/admin/users/${janeId}/access-expiry`, { accessUntil: '2026-12-31' })).statusCode).toBe(403);

    const extended = await form(alice, `/admin/users/${janeId}/access-expiry`, { accessUntil: '2026-03-31' });
    expect(extended.statusCode).toBe(200);
    expect(extended.body).toContain("jane's access now ends with 2026-03-31 (UTC).");
    expect((await getAs(await signIn(app, 'jane'))).statusCode).toBe(200);
    const removed = await form(alice, `/admin/users/${janeId}/access-expiry`, { accessUntil: '' });
    expect(removed.body).toContain("jane's access no longer has an end date.");
    expect((await storage.store.findWebUser('jane'))!.expiresAt).toBeNull();
  });

  it('expired, revoked and unknown links are refused with one message and change nothing', async () => {
    const expiring = await invite({ accessUntil: '2026-06-30', linkValidDays: '2', note: 'expiring' });
    const revoked = await invite({ accessUntil: '2026-06-30', note: 'revoked' });
    expect((await app.inject({ method: 'GET', url: expiring.path })).statusCode).toBe(200);
    const [toRevoke] = (await storage.store.listPendingInvitations(clock.toISOString())).filter((i) => i.note === 'revoked');
    const revoke = await form(alice, `/admin/invitations/${toRevoke!.id}/revoke`, {});
    expect(revoke.statusCode).toBe(200);
    expect(revoke.body).toContain('Revoked the invitation for revoked: its link no longer works.');
    expect((await form(alice, `/admin/invitations/${toRevoke!.id}/revoke`, {})).statusCode).toBe(409);

    const before = await userNames();
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    for (const path of [expiring.path, revoked.path, `/invitations/${'A'.repeat(43)}`, '/invitations/short']) {
      const opened = await app.inject({ method: 'GET', url: path });
      expect(opened.statusCode, path).toBe(410);
      expect(opened.body).toContain(UNAVAILABLE);
      const sent = await accept(path, 'mallory');
      expect(sent.statusCode, path).toBe(410);
      expect(sent.body).toContain(UNAVAILABLE);
      expect(setCookie(sent, 'iru_session')).toBeUndefined();
    }
    expect(await userNames()).toEqual(before);
    expect(await storage.store.getInvitation(toRevoke!.id)).toMatchObject({ usedAt: null });
  });

  it('two accepts of one link at once create one account', async () => {
    alice = await signIn(app, 'alice');
    const { path } = await invite({ accessUntil: '2026-06-30' });
    const page = await app.inject({ method: 'GET', url: path });
    const csrf = setCookie(page, 'iru_login_csrf')!.value;
    const send = (username: string) =>
      app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf}` },
        payload: new URLSearchParams({ username, password: PASSWORD, passwordAgain: PASSWORD, _csrf: csrf }).toString(),
      });
    const before = await userNames();
    const results = await Promise.all([send('racer-one'), send('racer-two')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    const created = (await userNames()).filter((name) => !before.includes(name));
    expect(created).toHaveLength(1);
    expect(created[0]).toBe(results[0]!.statusCode === 303 ? 'racer-one' : 'racer-two');
  });

  it('only an admin invites, only auditors, with dates that make sense; a refused invitation stores nothing', async () => {
    const pendingBefore = (await storage.store.listPendingInvitations(clock.toISOString())).length;
    const auditor = await signIn(app, 'audrey');
    const refused = await form(auditor, '/admin/invitations', { role: 'auditor', accessUntil: '2026-06-30' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toMatch(LINK);
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/admin/invitations',
      headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'role=auditor&accessUntil=2026-06-30',
    });
    expect(noCsrf.statusCode).toBe(403);

    const today = clock.toISOString().slice(0, 10);
    const cases: [Record<string, string>, string][] = [
      [{ role: 'admin', accessUntil: '2026-06-30' }, 'Invitations are for read-only roles (auditor): an admin is added by a signed-in admin under Users'],
      [{ accessUntil: '30/06/2026' }, 'The access end date must be a day written YYYY-MM-DD, not &quot;30/06/2026&quot;'],
      [{ accessUntil: '2025-12-31' }, `The access end date 2025-12-31 is in the past: today is ${today} (UTC)`],
      [
        { accessUntil: today, linkValidDays: '3' },
        `A link valid for 3 days would outlast the access it gives (until ${today}): choose fewer days or a later access end date`,
      ],
      [{ accessUntil: '2026-06-30', linkValidDays: '31' }, 'The link must stay valid for 1 to 30 whole days, not 31'],
      [{ accessUntil: '2026-06-30', linkValidDays: 'soon' }, '&quot;linkValidDays&quot; must be a whole number, not &quot;soon&quot;'],
    ];
    for (const [fields, message] of cases) {
      const { response } = await invite(fields);
      expect(response.statusCode, message).toBe(400);
      expect(response.body).toContain(message);
      expect(response.body).not.toMatch(LINK);
    }
    expect((await storage.store.listPendingInvitations(clock.toISOString())).length).toBe(pendingBefore);
    // Without a link length, a link for access that ends sooner than a week lasts as long as the access.
    const short = await invite({ accessUntil: today });
    expect(short.response.statusCode).toBe(200);
    expect((await storage.store.findInvitationByTokenHash(secretHash(short.token)))!.expiresAt).toBe(`${today}T23:59:59.999Z`);
  });
});

describe('iru-evidence users invite|invitations|revoke-invitation', () => {
  const env = { IRU_EVIDENCE_HOME: storage.dir, IRU_EVIDENCE_KEY: storage.key.toString('base64'), DATABASE_URL: '' };
  const cli = (...args: string[]) => runCliInProcess(['users', ...args], env);
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

  it('refuses bad input with one line and the usage exit code, and stores nothing', async () => {
    const before = await sql(storage.store, 'SELECT id FROM web_invitations');
    const cases: [string[], string][] = [
      [['--role', 'auditor', '--access-until', '2027-13-01'], 'The access end date must be a day written YYYY-MM-DD, not "2027-13-01"'],
      [['--role', 'auditor', '--access-until', 'next week'], 'The access end date must be a day written YYYY-MM-DD, not "next week"'],
      [['--role', 'auditor', '--access-until', '2020-01-01'], `The access end date 2020-01-01 is in the past: today is ${day(0)} (UTC)`],
      [
        ['--role', 'auditor', '--access-until', day(2), '--link-valid-days', '7'],
        `A link valid for 7 days would outlast the access it gives (until ${day(2)}): choose fewer days or a later access end date`,
      ],
      [['--role', 'auditor', '--access-until', day(30), '--link-valid-days', 'many'], '--link-valid-days must be a whole number of days, not "many"'],
      [['--role', 'admin', '--access-until', day(30)], 'Invitations are for read-only roles (auditor): an admin is added by a signed-in admin under Users'],
      [['--role', 'owner', '--access-until', day(30)], 'The role must be one of admin, auditor, not "owner"'],
    ];
    for (const [args, message] of cases) {
      const result = await cli('invite', ...args);
      expect(result, message).toEqual({ code: EXIT.USAGE, stdout: '', stderr: `iru-evidence: ${message}\n` });
    }
    const missing = await cli('invite', '--role', 'auditor');
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.stderr).toContain("required option '--access-until <YYYY-MM-DD>' not specified");
    expect(await sql(storage.store, 'SELECT id FROM web_invitations')).toEqual(before);
  });

  it('prints the link path once, lists pending invitations, revokes one, and lists access ends', async () => {
    for (const command of ['invite', 'invitations', 'revoke-invitation']) {
      const help = await cli(command, '--help');
      expect(help.code).toBe(EXIT.OK);
      expect(help.stdout).toContain(`Usage: iru-evidence users ${command}`);
    }
    const until = day(30);
    const made = await cli('invite', '--role', 'auditor', '--access-until', until, '--note', 'Kim', '--json');
    expect(made.code).toBe(EXIT.OK);
    const { path, invitation } = JSON.parse(made.stdout) as { path: string; invitation: { id: string; accessExpiresAt: string; createdBy: string } };
    expect(path).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(invitation).toMatchObject({ accessExpiresAt: `${until}T23:59:59.999Z`, createdBy: 'operator (CLI)' });
    const plain = await cli('invite', '--role', 'auditor', '--access-until', until);
    expect(plain.stdout).toMatch(
      new RegExp(`^Invited auditor with access until ${until} \\(invitation inv_[0-9a-f-]{36}\\)\\..*\\n/invitations/[A-Za-z0-9_-]{43}\\n$`, 's'),
    );

    const listed = await cli('invitations');
    expect(listed.stdout).toContain(`${invitation.id}  auditor  access until ${until}`);
    expect(listed.stdout).toContain('for Kim');
    expect(listed.stdout).not.toContain(path);

    expect(await cli('revoke-invitation', invitation.id)).toEqual({
      code: EXIT.OK,
      stdout: `Revoked invitation ${invitation.id}: its link no longer works\n`,
      stderr: '',
    });
    expect((await cli('invitations')).stdout).not.toContain(invitation.id);
    expect((await cli('revoke-invitation', invitation.id)).stderr).toBe(
      `iru-evidence: Invitation ${invitation.id} was already revoked; there is nothing to revoke\n`,
    );
    expect((await cli('revoke-invitation', 'nope')).code).toBe(EXIT.USAGE);

    expect(await cli('access-until', 'audrey', until)).toEqual({ code: EXIT.OK, stdout: `audrey may sign in until ${until} (UTC)\n`, stderr: '' });
    expect((await cli('list')).stdout).toMatch(new RegExp(`audrey +auditor +active +created \\S+  access until ${until}\\n`));
    expect((await cli('access-until', 'audrey', 'none')).stdout).toBe("audrey's access has no end date\n");
  });
});
