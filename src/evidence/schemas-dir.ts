import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/** The project's schemas/ folder, found by walking up from this file (works from src/ and from dist/). */
export function schemasDir(): string {
  if (found) return found;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'schemas', 'artifact.schema.json'))) return (found = path.join(dir, 'schemas'));
    if (path.dirname(dir) === dir) throw new Error('Cannot find the schemas/ folder of iru-evidence');
  }
}
