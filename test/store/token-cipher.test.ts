import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyError, TokenCipher } from '../../src/store/token-cipher.js';

const TOKEN = '5d7c1f0a-9b3e-4d2c-8a1f-0e9d8c7b6a5f';

// Where the ciphertext is stored is part of the store suite (connections.test.ts), on every backend.
describe('API tokens at rest', () => {
  it('round-trips with AES-256-GCM and fails on a different key or connection', () => {
    const cipher = new TokenCipher(randomBytes(32));
    const sealed = cipher.encrypt(TOKEN, 'conn-1');
    expect(sealed.toString('utf8')).not.toContain(TOKEN);
    expect(cipher.decrypt(sealed, 'conn-1')).toBe(TOKEN);
    expect(() => cipher.decrypt(sealed, 'conn-2')).toThrow(KeyError);
    expect(() => new TokenCipher(randomBytes(32)).decrypt(sealed, 'conn-1')).toThrow(KeyError);
  });

  it('creates the key file with mode 0600', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'iru-key-'));
    TokenCipher.fromEnvironment(home, {});
    expect(statSync(path.join(home, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a malformed IRU_EVIDENCE_KEY', () => {
    expect(() => TokenCipher.fromEnvironment(tmpdir(), { IRU_EVIDENCE_KEY: 'c2hvcnQ=' })).toThrow(/32 random bytes/);
  });
});
