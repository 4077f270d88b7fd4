import { ERROR_TYPES } from '../failures/index.js';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 1;

export class KeyError extends Error {
  override readonly name = 'KeyError';
  readonly code = ERROR_TYPES.keyInvalid;
}

/**
 * AES-256-GCM for API tokens at rest. The key comes from IRU_EVIDENCE_KEY (base64, 32 bytes) or from
 * `<home>/secret.key`, created with mode 0600 on first use.
 */
export class TokenCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new KeyError(`The token encryption key must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = key;
  }

  static fromEnvironment(home: string, env: NodeJS.ProcessEnv = process.env): TokenCipher {
    if (env.IRU_EVIDENCE_KEY) {
      const key = Buffer.from(env.IRU_EVIDENCE_KEY, 'base64');
      if (key.length !== KEY_BYTES) throw new KeyError(`IRU_EVIDENCE_KEY must be ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32)`);
      return new TokenCipher(key);
    }
    const file = path.join(home, 'secret.key');
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    return new TokenCipher(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }

  /** Associated data binds a ciphertext to its connection, so it cannot be swapped onto another row. */
  encrypt(plaintext: string, associatedData: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer, associatedData: string): string {
    if (sealed[0] !== FORMAT) throw new KeyError('Unknown token ciphertext format');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyError('The stored API token cannot be decrypted with this key (IRU_EVIDENCE_KEY or secret.key changed?)');
    }
  }
}

/** A short, non-reversible token id for Artifacts and logs: never the token. */
export function tokenFingerprint(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}
