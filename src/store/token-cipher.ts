import { ERROR_TYPES } from '../failures/index.js';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createFileOnce } from '../config/create-once.js';
import { privateFile } from '../config/home.js';

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
    return new TokenCipher(keyFile(path.join(home, 'secret.key')));
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

/** How long a key file that is there but not yet a whole key is read again, in case another process is still writing it. */
const KEY_FILE_SETTLE_MS = 2_000;

/**
 * The key in `file`, created on first use by whichever process gets there first (createFileOnce); then everyone reads
 * the one file. One that is not yet a whole key (an older version, or a file system without hard links) is read again
 * for a moment before it is refused.
 */
function keyFile(file: string): Buffer {
  let key = readKey(file);
  if (key === undefined) {
    createFileOnce(file, randomBytes(KEY_BYTES).toString('base64'));
    key = readKey(file);
  }
  const deadline = Date.now() + KEY_FILE_SETTLE_MS;
  while (key?.length !== KEY_BYTES && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    key = readKey(file);
  }
  if (key === undefined) throw new KeyError(`The key file ${file} went away while it was read`);
  if (key.length !== KEY_BYTES) {
    throw new KeyError(
      `The key file ${file} does not hold a ${KEY_BYTES}-byte key in base64: restore it, or set IRU_EVIDENCE_KEY to the key the tokens were saved with`,
    );
  }
  privateFile(file);
  return key;
}

/** The key bytes in `file`, or undefined when there is no file. */
function readKey(file: string): Buffer | undefined {
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
