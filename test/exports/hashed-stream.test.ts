import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashed, sha256Of, writeHashedFile } from '../../src/exports/hashed-stream.js';

const dir = mkdtempSync(path.join(tmpdir(), 'iru-hashed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function* chunks(fail = false): AsyncIterable<string | Uint8Array> {
  yield '{"a":"é",';
  yield Buffer.from('"b":[1,2', 'utf8');
  if (fail) throw new Error('the store went away');
  yield new TextEncoder().encode(']}');
}

describe('streaming a file while hashing it', () => {
  it('writes the chunks as UTF-8 bytes and gives the SHA-256 of exactly those bytes', async () => {
    const file = path.join(dir, 'ok.json');
    const digest = await writeHashedFile(file, chunks());
    expect(readFileSync(file, 'utf8')).toBe('{"a":"é","b":[1,2]}');
    expect(digest).toBe(sha256(readFileSync(file)));
    expect(await sha256Of(chunks())).toBe(digest);
  });

  it('passes the chunks through unchanged and reports the hash only after the last one', async () => {
    let reported: string | undefined;
    const passed: Buffer[] = [];
    for await (const chunk of hashed(chunks(), (digest) => (reported = digest))) {
      expect(reported).toBeUndefined();
      passed.push(chunk);
    }
    expect(reported).toBe(sha256(Buffer.concat(passed)));
  });

  it('leaves neither the file nor a temporary file when the source fails half-way', async () => {
    const file = path.join(dir, 'failed.json');
    await expect(writeHashedFile(file, chunks(true))).rejects.toThrow('the store went away');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('failed.json'))).toEqual([]);
  });
});
