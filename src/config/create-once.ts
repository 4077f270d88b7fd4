import { randomUUID } from 'node:crypto';
import { linkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Creates `file` (mode 0600) holding `content` unless it exists, safely when several processes start at once: the content
 * is written whole to a random temporary name (exclusive create) and hard-linked to `file`, which fails with EEXIST
 * instead of overwriting when another process won. Linked, the file never appears half-written. Where the file system has
 * no hard links it is created exclusively in place, and a reader may briefly see it part-written.
 * Returns whether this call created it; either way the caller reads `file` for the value that won.
 */
export function createFileOnce(file: string, content: string): boolean {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createInPlace(file, content);
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function createInPlace(file: string, content: string): boolean {
  try {
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
