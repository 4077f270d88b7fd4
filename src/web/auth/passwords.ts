import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BadInputError } from '../../read-model/errors.js';

/** The scrypt cost of new hashes: N = 2^17, r = 8, p = 1 (OWASP's guidance), about 128 MiB and a few tenths of a second. */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
// Memory scrypt may take: 128 * N * r bytes at the cost above, with room; stored hashes needing more are refused.
const MAX_MEMORY = 256 * 1024 * 1024;
const KEY_BYTES = 64;
export const MIN_PASSWORD_LENGTH = 12;
/** In UTF-8 bytes: longer passwords are refused before any hashing. */
export const MAX_PASSWORD_BYTES = 1024;

let cost: ScryptOptions = { ...SCRYPT_COST };

/**
 * Tests only: hash new passwords at a lower N so that suites creating users stay fast. Production never calls it; the
 * sign-in throttle tests reset it and check that new hashes use SCRYPT_COST.
 */
export function setScryptCostForTests(N: number = SCRYPT_COST.N): void {
  cost = { ...SCRYPT_COST, N };
}

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_BYTES, { ...params, maxmem: MAX_MEMORY }, (e, key) => (e ? reject(e) : resolve(key))));
}

export function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES;
}

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new BadInputError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (passwordTooLong(password)) throw new BadInputError(`The password must be at most ${MAX_PASSWORD_BYTES} bytes long (UTF-8)`);
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const params = { N: cost.N!, r: cost.r!, p: cost.p! };
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string): { N: number; r: number; p: number; salt: string; key: string } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return undefined;
  return { N: Number(n), r: Number(r), p: Number(p), salt, key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || passwordTooLong(password)) return false;
  const expected = Buffer.from(parsed.key, 'base64');
  const actual = await derive(password, Buffer.from(parsed.salt, 'base64'), { N: parsed.N, r: parsed.r, p: parsed.p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash is weaker than new ones: rehashed after the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N < cost.N! || parsed.r < cost.r! || parsed.p < cost.p!;
}

// Checked against when the username is unknown, so a wrong name takes as long as a wrong password.
let decoy: { N: number; hash: Promise<string> } | undefined;
export function decoyHash(): Promise<string> {
  if (!decoy || decoy.N !== cost.N) decoy = { N: cost.N!, hash: hashPassword(randomBytes(16).toString('hex')) };
  return decoy.hash;
}
