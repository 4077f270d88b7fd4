import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import type { EvidenceStore } from '../../src/store/types.js';
import { createUser } from '../../src/web/auth/users.js';
import { hashPassword, SCRYPT_COST, setScryptCostForTests, verifyPassword } from '../../src/web/auth/passwords.js';
import { Redis } from 'ioredis';
import { RedisSignInFailures } from '../../src/web/auth/redis-sign-in-failures.js';
import { startRedis } from '../helpers/redis-server.js';
import { tempStore } from '../helpers/store.js';
import { PASSWORD, seedUsers, setCookie, testApp } from './helpers/web.js';

const ALICE_AT = '198.51.100.7';
const ATTACKER_AT = '203.0.113.9';
/** The window after which a key's failures are forgotten (src/web/auth/login-throttle.ts). */
const FORGET_AFTER_MINUTES = 60;

const dir = mkdtempSync(path.join(tmpdir(), 'iru-sign-in-'));
const cipher = new TokenCipher(randomBytes(32));
const file = path.join(dir, 'evidence.sqlite');
const stores: SqliteStore[] = [];
const apps: FastifyInstance[] = [];
let clock = new Date('2026-03-01T09:00:00.000Z');
/** Password checks done (each one scrypt): every sign-in that reaches the check looks its user up first. */
let lookups = 0;

/** A web app on its own store connection to the shared file, as another serve process would have. */
async function appOnSharedStore(): Promise<FastifyInstance> {
  const opened = new SqliteStore(file, cipher);
  stores.push(opened);
  const counted = new Proxy(opened, {
    get(target, property) {
      if (property === 'findWebUserCredentials') {
        return (username: string) => {
          lookups++;
          return target.findWebUserCredentials(username);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as EvidenceStore;
  const app = await testApp({ store: counted, now: () => clock });
  apps.push(app);
  return app;
}

let csrf: string;
async function attempt(app: FastifyInstance, username: string, password: string, address: string) {
  csrf ??= setCookie(await app.inject({ method: 'GET', url: '/login' }), 'iru_login_csrf')!.value;
  return app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: address,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${csrf}` },
    payload: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
  });
}

const later = (seconds: number) => void (clock = new Date(clock.getTime() + seconds * 1000));

let app: FastifyInstance;
beforeAll(async () => {
  app = await appOnSharedStore();
  await seedUsers(stores[0]!);
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await Promise.all(stores.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
  setScryptCostForTests(2 ** 14);
});

describe('sign-in throttling per user name and address', () => {
  it('lets alice sign in at once from her address after 30 wrong passwords for her name in a row from another', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 30; i++) answers.push((await attempt(app, 'alice', `wrong ${i}`, ATTACKER_AT)).statusCode);
    expect((await attempt(app, 'alice', PASSWORD, ALICE_AT)).statusCode).toBe(303);
    // Six failures counted, then refused unchecked until the wait is over.
    expect(answers.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(answers.slice(6))).toEqual(new Set([429]));
    later(FORGET_AFTER_MINUTES * 60 + 1);
  });

  it('lets alice sign in from her address while 40 wrong passwords for her name come from another, which waits longer each time', async () => {
    const retryAfter: number[] = [];
    for (let i = 0; i < 40; i++) {
      let wrong = await attempt(app, 'alice', `wrong ${i}`, ATTACKER_AT);
      if (wrong.statusCode === 429) {
        expect(wrong.body).toMatch(/Too many failed sign-ins (for this account )?from your address: try again in \d+ (second|minute)s?/);
        retryAfter.push(Number(wrong.headers['retry-after']));
        const lookupsBefore = lookups;
        const early = await attempt(app, 'alice', `wrong ${i}`, ATTACKER_AT);
        expect(early.statusCode).toBe(429);
        expect(lookups, 'a waiting key costs no password check').toBe(lookupsBefore);
        later(retryAfter.at(-1)!);
        wrong = await attempt(app, 'alice', `wrong ${i}`, ATTACKER_AT);
      }
      expect(wrong.statusCode, `attempt ${i}`).toBe(401);
      // Alice signs in after 13 failures for her name in a row, and again after 13 more: she never waits.
      if (i === 12 || i === 25) expect((await attempt(app, 'alice', PASSWORD, ALICE_AT)).statusCode, `alice after attempt ${i}`).toBe(303);
    }
    // Five free failures, then 1 s after the sixth, doubling up to 15 minutes.
    expect(retryAfter).toHaveLength(34); // before attempts 7 to 40
    expect(retryAfter.slice(0, 12)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    expect(new Set(retryAfter.slice(10))).toEqual(new Set([900]));
    expect((await attempt(app, 'alice', PASSWORD, ALICE_AT)).statusCode).toBe(303);
  });

  it('makes the whole address wait after 20 failures there, whatever the user names', async () => {
    const address = '192.0.2.44';
    for (let i = 0; i < 20; i++) expect((await attempt(app, `nobody-${i}`, 'wrong password', address)).statusCode).toBe(401);
    expect((await attempt(app, 'nobody-new', 'wrong password', address)).statusCode).toBe(401);
    const waiting = await attempt(app, 'audrey', PASSWORD, address);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers['retry-after']).toBe('1');
    expect(waiting.body).toMatch(/Too many failed sign-ins from your address/);
    expect((await attempt(app, 'audrey', PASSWORD, '192.0.2.45')).statusCode).toBe(303);
    later(1);
    expect((await attempt(app, 'audrey', PASSWORD, address)).statusCode).toBe(303);
  });

  it('clears the user name count at an address when the right password comes from there', async () => {
    const address = '192.0.2.60';
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) expect((await attempt(app, 'audrey', 'wrong password', address)).statusCode).toBe(401);
      expect((await attempt(app, 'audrey', PASSWORD, address)).statusCode, `round ${round}`).toBe(303);
    }
  });

  it('shares the counts between two app instances on one store', async () => {
    const other = await appOnSharedStore();
    const address = '192.0.2.77';
    for (let i = 0; i < 6; i++) expect((await attempt(i % 2 ? app : other, 'alice', 'wrong password', address)).statusCode).toBe(401);
    for (const instance of [app, other]) {
      const waiting = await attempt(instance, 'alice', PASSWORD, address);
      expect(waiting.statusCode).toBe(429);
      expect(waiting.headers['retry-after']).toBe('1');
    }
    later(1);
    expect((await attempt(other, 'alice', 'wrong password', address)).statusCode).toBe(401);
    expect((await attempt(app, 'alice', PASSWORD, address)).headers['retry-after']).toBe('2');
  });

  it('refuses a password over 1,024 bytes without checking it', async () => {
    const before = lookups;
    const response = await attempt(app, 'alice', 'é'.repeat(600), '192.0.2.90');
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/at most 1024 bytes/);
    expect(lookups).toBe(before);
  });
});

describe('sign-in failures counted in Redis (REDIS_URL)', () => {
  it('shares the counts between two app instances on separate stores through one Redis server', async () => {
    const redisServer = await startRedis();
    const clients = [new Redis(redisServer.url), new Redis(redisServer.url)];
    const separate = [tempStore(), tempStore()];
    try {
      const [one, two] = await Promise.all(
        separate.map(async (s, i) => {
          await seedUsers(s.store);
          const instance = await testApp({ store: s.store, now: () => clock, signInFailures: new RedisSignInFailures(clients[i]!) });
          apps.push(instance);
          return instance;
        }),
      );
      const address = '192.0.2.120';
      for (let i = 0; i < 6; i++) expect((await attempt(i % 2 ? one! : two!, 'alice', 'wrong password', address)).statusCode).toBe(401);
      for (const instance of [one!, two!]) expect((await attempt(instance, 'alice', PASSWORD, address)).headers['retry-after']).toBe('1');
      // Nothing went to the stores.
      for (const s of separate) expect(await s.store.signInFailures([`address ${address}`], '')).toEqual([]);
      later(1);
      expect((await attempt(one!, 'alice', 'wrong password', address)).statusCode).toBe(401);
      expect((await attempt(two!, 'alice', PASSWORD, address)).headers['retry-after']).toBe('2');
      later(2);
      expect((await attempt(two!, 'alice', PASSWORD, address)).statusCode).toBe(303);
      expect((await attempt(one!, 'alice', PASSWORD, '192.0.2.121')).statusCode).toBe(303);
      // Keys expire when they would be forgotten anyway.
      const ttl = await clients[0]!.pttl(`iru-evidence:sign-in:address ${address}`);
      expect(ttl).toBeGreaterThan(59 * 60_000);
      expect(ttl).toBeLessThanOrEqual(60 * 60_000);
    } finally {
      clients.forEach((c) => c.disconnect());
      await redisServer.stop();
      await Promise.all(separate.map((s) => s.cleanup()));
    }
  });
});

describe('password hashing under a flood of sign-ins', () => {
  it('a flood of 300 parallel sign-ins with new user names and 1 KB passwords from 3 addresses delays a real one by a few hashes at most', async () => {
    const alone = performance.now();
    expect((await attempt(app, 'alice', PASSWORD, ALICE_AT)).statusCode).toBe(303);
    const baseline = performance.now() - alone;

    const before = lookups;
    const flood = Array.from({ length: 300 }, (_, i) => attempt(app, `flood-${i}`, 'x'.repeat(1024), `203.0.113.${100 + (i % 3)}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const real = await attempt(app, 'alice', PASSWORD, ALICE_AT);
    const took = performance.now() - started;
    const answers = await Promise.all(flood);

    console.info(`flood: lone sign-in ${baseline.toFixed(0)} ms, during the flood ${took.toFixed(0)} ms, ${lookups - before - 1} flood checks`);
    expect(real.statusCode).toBe(303);
    // At most 2 hashes run and 8 wait, 2 per address: alice waits behind at most 6 flood hashes (3 rounds of 2) and then
    // her own. Bound: 3 s, or 4 lone sign-ins plus 1 s on a slower run (the old code took 35 s here).
    expect(took, `lone sign-in ${baseline.toFixed(0)} ms`).toBeLessThan(Math.max(3000, 4 * baseline + 1000));
    const refused = answers.filter((r) => r.statusCode === 503);
    expect(refused.length).toBeGreaterThan(200);
    expect(refused[0]!.headers['retry-after']).toBe('1');
    expect(refused[0]!.body).toMatch(/busy checking other sign-ins/);
    expect(answers.filter((r) => r.statusCode !== 503).every((r) => r.statusCode === 401)).toBe(true);
    // Password checks done for the flood: bounded by the gate, not by the flood's size.
    expect(lookups - before - 1).toBeLessThan(60);
  });
});

describe('scrypt cost', () => {
  it('hashes new passwords at N = 2^17 and upgrades an old 2^14 hash when its user signs in', async () => {
    setScryptCostForTests(2 ** 14);
    await createUser(stores[0]!, { username: 'olivia', password: PASSWORD, role: 'auditor' });
    const old = (await stores[0]!.findWebUserCredentials('olivia'))!.passwordHash;
    expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);

    setScryptCostForTests(); // the production cost
    expect(SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 });
    expect(await hashPassword('another long password')).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await attempt(app, 'olivia', PASSWORD, '192.0.2.100')).statusCode).toBe(303);
    const upgraded = (await stores[0]!.findWebUserCredentials('olivia'))!.passwordHash;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
    expect(await verifyPassword('wrong password', upgraded)).toBe(false);
    // Signed in again: already at the current cost, left as it is.
    expect((await attempt(app, 'olivia', PASSWORD, '192.0.2.100')).statusCode).toBe(303);
    expect((await stores[0]!.findWebUserCredentials('olivia'))!.passwordHash).toBe(upgraded);
  });
});
