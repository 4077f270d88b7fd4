import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { createUser } from '../../src/web/auth/users.js';
import { spawnCli } from '../security/cli-process.js';
import { tempStore } from '../helpers/store.js';
import { PASSWORD, seedUsers, signIn, testApp, type Session } from './helpers/web.js';

const storage = tempStore();
const clock = new Date('2024-06-10T12:00:00.000Z');
let app: FastifyInstance;
let alice: Session;

beforeAll(async () => {
  await seedUsers(storage.store);
  app = await testApp({ store: storage.store, now: () => clock });
  alice = await signIn(app, 'alice');
});

afterAll(async () => {
  await app.close();
  await storage.cleanup();
});

const userId = async (username: string) => (await storage.store.findWebUser(username))!.id;

/** A Users-page button: POST with the session cookie and the page's CSRF token. */
const press = async (as: Session, username: string, action: string) =>
  app.inject({
    method: 'POST',
    url: `/admin/users/${await userId(username)}/${action}`,
    headers: { cookie: as.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: as.csrf }).toString(),
  });

const getAs = (session: Session, url = '/api/v1/me') => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
const bearer = (key: string, url = '/api/v1/me', method: 'GET' | 'POST' = 'GET', payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

async function signInFails(username: string, password = PASSWORD): Promise<void> {
  await expect(signIn(app, username, password)).rejects.toThrow(/sign-in failed: 401/);
}

async function adminKeyOf(session: Session, name: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    payload: { name, scope: 'admin' },
  });
  expect(response.statusCode).toBe(201);
  return (response.json() as { key: string }).key;
}

const shownPassword = (response: LightMyRequestResponse) => /<code class="secret">([^<]+)<\/code>/.exec(response.body)?.[1];

describe('the attack from issue 20: an admin API key minting an admin who outlives it', () => {
  it('refuses to create an admin with an API key (403), by the API or the form route, and stores nothing', async () => {
    const key = await adminKeyOf(alice, 'platform');
    const before = (await storage.store.listWebUsers()).length;
    const api = await bearer(key, '/api/v1/users', 'POST', { username: 'mallory', role: 'admin', password: PASSWORD });
    expect(api.statusCode).toBe(403);
    expect(api.json().error.message).toBe('Only an admin signed in to the web app can create an admin; an API key cannot');
    const form = await bearer(key, '/admin/users', 'POST', { username: 'mallory', role: 'admin', password: PASSWORD });
    expect(form.statusCode).toBe(403);
    expect((await storage.store.listWebUsers()).length).toBe(before);
    expect(await storage.store.findWebUser('mallory')).toBeUndefined();
    // A key may still add a read-only auditor.
    expect((await bearer(key, '/api/v1/users', 'POST', { username: 'reader', role: 'auditor', password: PASSWORD })).statusCode).toBe(201);
    // Nor can a key change accounts (a password reset would hand it an admin's password).
    for (const action of ['reset-password', 'disable', 'enable', 'delete', 'sign-out']) {
      const change = await bearer(key, `/admin/users/${await userId('alice')}/${action}`, 'POST', {});
      expect(change.statusCode, action).toBe(403);
      expect(change.body).toMatch(/Only an admin signed in to the web app can .*; an API key cannot/);
    }
  });

  it('an admin created by a signed-in admin, once disabled, cannot sign in, and their live session and API keys stop at once', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'eve', role: 'admin', password: PASSWORD, _csrf: alice.csrf }).toString(),
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('Added eve (admin)');
    const eve = await signIn(app, 'eve');
    expect((await getAs(eve)).json()).toMatchObject({ name: 'eve', role: 'admin' });
    const eveKey = await adminKeyOf(eve, 'eve key');
    // A key made with eve's key is made on eve's authority too.
    const chained = (await bearer(eveKey, '/api/v1/api-keys', 'POST', { name: 'eve chained', scope: 'admin' })).json() as { key: string };
    expect((await bearer(chained.key)).statusCode).toBe(200);

    const disabled = await press(alice, 'eve', 'disable');
    expect(disabled.statusCode).toBe(200);
    expect(disabled.body).toContain('Disabled eve');
    expect(disabled.body).toMatch(/<td>eve<\/td><td>admin<\/td><td>disabled/);

    const live = await getAs(eve);
    expect(live.statusCode).toBe(401);
    expect((await getAs(eve, '/admin/users')).statusCode).toBe(303);
    await signInFails('eve');
    for (const key of [eveKey, chained.key]) {
      const refused = await bearer(key);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.message).toMatch(/disabled or deleted/);
    }
    // Alice's own key is untouched.
    expect((await bearer(await adminKeyOf(alice, 'alice key'))).statusCode).toBe(200);

    const enabled = await press(alice, 'eve', 'enable');
    expect(enabled.body).toContain('Enabled eve');
    await signIn(app, 'eve');
    expect((await bearer(eveKey)).statusCode).toBe(200);
    expect((await getAs(eve)).statusCode).toBe(401);
  });
});

describe('the Users page', () => {
  it('shows a button for each action, as CSRF-protected forms, and refuses a form post without the token', async () => {
    const page = await getAs(alice, '/admin/users');
    const id = await userId('audrey');
    for (const action of ['sign-out', 'reset-password', 'disable', 'delete']) {
      expect(page.body).toContain(`action="/admin/users/${id}/${action}"`);
    }
    const noToken = await app.inject({ method: 'POST', url: `/admin/users/${id}/disable`, headers: { cookie: alice.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect((await storage.store.findWebUser('audrey'))!.disabledAt).toBeNull();
    const auditor = await signIn(app, 'audrey');
    expect((await press(auditor, 'alice', 'disable')).statusCode).toBe(403);
    const missing = await app.inject({
      method: 'POST',
      url: '/admin/users/00000000-0000-4000-8000-000000000000/disable',
      headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrf },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('deletes a user: their sessions end and they cannot sign in', async () => {
    await createUser(storage.store, { username: 'dan', password: PASSWORD, role: 'auditor' });
    const dan = await signIn(app, 'dan');
    const deleted = await press(alice, 'dan', 'delete');
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain('Deleted dan');
    expect(deleted.body).not.toContain('<td>dan</td>');
    expect((await getAs(dan)).statusCode).toBe(401);
    await signInFails('dan');
    expect(await storage.store.findWebUser('dan')).toBeUndefined();
  });

  it('resets a password: the generated one is shown once, the old one fails, the new one works, old sessions end', async () => {
    await createUser(storage.store, { username: 'rita', password: PASSWORD, role: 'auditor' });
    const before = await signIn(app, 'rita');
    const reset = await press(alice, 'rita', 'reset-password');
    expect(reset.statusCode).toBe(200);
    const password = shownPassword(reset)!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(reset.body).toContain('ended 1 session');
    expect((await getAs(alice, '/admin/users')).body).not.toContain(password);
    expect((await getAs(before)).statusCode).toBe(401);
    await signInFails('rita');
    const after = await signIn(app, 'rita', password);
    expect((await getAs(after)).json()).toMatchObject({ name: 'rita' });
  });

  it('signs a user out everywhere: every session of theirs ends, others stay', async () => {
    await createUser(storage.store, { username: 'sam', password: PASSWORD, role: 'auditor' });
    const sessions = [await signIn(app, 'sam'), await signIn(app, 'sam'), await signIn(app, 'sam')];
    const other = await signIn(app, 'audrey');
    const out = await press(alice, 'sam', 'sign-out');
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('Signed sam out everywhere: ended 3 sessions');
    for (const session of sessions) expect((await getAs(session)).statusCode).toBe(401);
    expect((await getAs(other)).statusCode).toBe(200);
    await signIn(app, 'sam');
  });

  it('an admin cannot disable or delete themselves, nor the last enabled admin (409)', async () => {
    for (const action of ['disable', 'delete']) {
      const self = await press(alice, 'alice', action);
      expect(self.statusCode).toBe(409);
      expect(self.body).toContain(`You cannot ${action} your own account (alice); ask another admin`);
    }
    // Two admins disabling each other at once: one wins, the other is refused (409, or 401 once its session is gone);
    // never both, which would leave nobody to manage the app.
    for (const user of await storage.store.listWebUsers()) {
      if (user.role === 'admin' && user.username !== 'alice') await storage.store.deleteWebUser(user.id);
    }
    await createUser(storage.store, { username: 'olga', password: PASSWORD, role: 'admin' });
    const olga = await signIn(app, 'olga');
    const [a, b] = await Promise.all([press(alice, 'olga', 'disable'), press(olga, 'alice', 'disable')]);
    expect([a.statusCode, b.statusCode].filter((s) => s === 200)).toHaveLength(1);
    const loser = a.statusCode === 200 ? b : a;
    expect([409, 401]).toContain(loser.statusCode);
    if (loser.statusCode === 409) expect(loser.body).toMatch(/is the last enabled admin and cannot be disabled: make another admin first/);
    const enabledAdmins = (await storage.store.listWebUsers()).filter((u) => u.role === 'admin' && !u.disabledAt);
    expect(enabledAdmins).toHaveLength(1);
    // The store refuses the last one whoever asks (the CLI's operator has no session to guard with).
    expect(await storage.store.disableWebUser(enabledAdmins[0]!.id, clock.toISOString())).toBe('last-admin');
    expect(await storage.store.deleteWebUser(enabledAdmins[0]!.id)).toBe('last-admin');
    await storage.store.enableWebUser(await userId('alice'));
    await storage.store.enableWebUser(await userId('olga'));
    alice = await signIn(app, 'alice');
  });
});

describe('iru-evidence users disable|enable|delete|reset-password|sign-out', () => {
  const cli = (...args: string[]) =>
    spawnCli(['users', ...args], { ...process.env, IRU_EVIDENCE_HOME: storage.dir, IRU_EVIDENCE_KEY: storage.key.toString('base64'), DATABASE_URL: '' }).done;

  it('changes accounts by name, with one-line errors and exit codes', async () => {
    await createUser(storage.store, { username: 'carl', password: PASSWORD, role: 'auditor' });
    const carl = await signIn(app, 'carl');

    const help = await cli('disable', '--help');
    expect(help.code).toBe(EXIT.OK);
    expect(help.stdout).toMatch(/Usage: iru-evidence users disable \[options\] <username>/);

    const out = await cli('sign-out', 'Carl');
    expect(out).toMatchObject({ code: EXIT.OK, stderr: '' });
    expect(out.stdout).toBe('Signed carl out everywhere: 1 session ended\n');
    expect((await getAs(carl)).statusCode).toBe(401);

    const disabled = await cli('disable', 'carl');
    expect(disabled.code).toBe(EXIT.OK);
    expect(disabled.stdout).toMatch(/^Disabled carl/);
    await signInFails('carl');
    const listed = await cli('list', '--json');
    expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ username: 'carl', disabledAt: expect.any(String) }));
    expect((await cli('list')).stdout).toMatch(/carl +auditor +disabled/);

    expect((await cli('enable', 'carl')).stdout).toBe('Enabled carl\n');
    await signIn(app, 'carl');

    const reset = await cli('reset-password', 'carl');
    expect(reset.code).toBe(EXIT.OK);
    const password = reset.stdout.trim().split('\n').at(-1)!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(reset.stdout).toMatch(/^New password for carl \(shown once; 1 session ended\):\n/);
    await signInFails('carl');
    await signIn(app, 'carl', password);

    const deleted = await cli('delete', 'carl');
    expect(deleted.stdout).toBe('Deleted carl\n');
    expect(await storage.store.findWebUser('carl')).toBeUndefined();

    const missing = await cli('disable', 'carl');
    expect(missing).toMatchObject({ code: EXIT.USAGE, stdout: '' });
    expect(missing.stderr).toBe('iru-evidence: There is no user named "carl"\n');
  });

  it('refuses to disable or delete the last enabled admin', async () => {
    for (const user of await storage.store.listWebUsers()) {
      if (user.role === 'admin' && user.username !== 'alice') await storage.store.deleteWebUser(user.id);
    }
    for (const action of ['disable', 'delete']) {
      const refused = await cli(action, 'alice');
      expect(refused.code).toBe(EXIT.USAGE);
      expect(refused.stderr).toBe(
        `iru-evidence: alice is the last enabled admin and cannot be ${action}d: make another admin first, or nobody could manage the app\n`,
      );
    }
    expect((await getAs(alice)).statusCode).toBe(200);
  });
});
