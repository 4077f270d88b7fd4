import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Folder under src/ -> the folders under src/ it must never import from. */
const FORBIDDEN: Record<string, string[]> = {
  exports: ['web', 'cli'],
  'read-model': ['web', 'exports', 'html', 'cli'],
  html: ['web', 'exports', 'cli'],
};

const STATIC = /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const BARE = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier a file imports: static (type-only too), side-effect and dynamic with a literal path. */
function specifiers(text: string): string[] {
  return [STATIC, BARE, DYNAMIC].flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
}

interface Arrow {
  from: string;
  to: string;
}

/** Arrows between files under src/ (paths relative to src/), from relative specifiers only. */
function arrows(): Arrow[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((file) =>
    specifiers(readFileSync(path.join(SRC, file), 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => ({ from: file.split(path.sep).join('/'), to: path.relative(SRC, path.resolve(SRC, path.dirname(file), s)).split(path.sep).join('/') })),
  );
}

const folder = (file: string) => file.split('/')[0]!;

describe('layers', () => {
  const all = arrows();

  it('reads every kind of import', () => {
    const text = [
      `import { a } from './a.js';`,
      `import type { B } from "../b.js";`,
      `import {\n  c,\n  type D,\n} from './c.js';`,
      `export * from './e.js';`,
      `import './f.js';`,
      `const g = await import('./g.js');`,
    ].join('\n');
    expect(specifiers(text).sort()).toEqual(['../b.js', './a.js', './c.js', './e.js', './f.js', './g.js']);
    expect(all).toContainEqual({ from: 'web/routes/export-routes.ts', to: 'exports/evidence-package.js' });
    expect(all).toContainEqual({ from: 'cli/commands/serve.ts', to: 'web/server.js' });
  });

  it.each(Object.entries(FORBIDDEN))('src/%s imports nothing from %j', (lower, upper) => {
    const upward = all.filter((a) => folder(a.from) === lower && upper.includes(folder(a.to))).map((a) => `src/${a.from} -> src/${a.to}`);
    expect(upward).toEqual([]);
  });
});
