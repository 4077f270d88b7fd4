import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
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

/**
 * Streams `source` into `file` under a temporary name, renamed when complete; on failure the temporary file is removed.
 * The temporary name is random and created exclusively ('wx', mode 0600): a file or symlink planted under any name
 * beforehand makes the export fail rather than be followed, and the rename replaces a symlink at `file` instead of
 * writing through it.
 */
export async function writeAtomically(file: string, source: Readable | Chunks): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  // Opened here, before the stream: if the name was taken (EEXIST) nothing was created, so nothing of anyone else's is removed.
  const fd = openSync(temp, 'wx', 0o600);
  try {
    await pipeline(source instanceof Readable ? source : Readable.from(source), createWriteStream(temp, { fd }));
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
