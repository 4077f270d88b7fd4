import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** File content a chunk at a time; strings are written as UTF-8. */
export type Chunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** The chunks as bytes, unchanged, hashed on the way: `done` gets the SHA-256 of all of them once the last has passed. */
export async function* hashed(chunks: Chunks, done: (sha256: string) => void): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    hash.update(bytes);
    yield bytes;
  }
  done(hash.digest('hex'));
}

/** SHA-256 of the bytes the chunks make, read once and not kept. */
export async function sha256Of(chunks: Chunks): Promise<string> {
  let sha256 = '';
  for await (const _ of hashed(chunks, (digest) => (sha256 = digest)));
  return sha256;
}

/** Streams `source` into `file` under a temporary name, renamed when complete; on failure the temporary file is removed. */
export async function writeAtomically(file: string, source: Readable | Chunks): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await pipeline(source instanceof Readable ? source : Readable.from(source), createWriteStream(temp));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  renameSync(temp, file);
}

/** Streams the chunks into `file` (atomically) and gives the SHA-256 of the bytes written. */
export async function writeHashedFile(file: string, chunks: Chunks): Promise<string> {
  let sha256 = '';
  await writeAtomically(
    file,
    hashed(chunks, (digest) => (sha256 = digest)),
  );
  return sha256;
}
