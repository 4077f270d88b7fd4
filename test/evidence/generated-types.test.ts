import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { generate, schemaFiles } from '../../scripts/gen-types.mjs';

describe('TypeScript types generated from schemas/', () => {
  it('are up to date with their JSON Schemas (npm run gen:types)', async () => {
    const files = schemaFiles() as string[];
    expect(files.length).toBeGreaterThan(1);
    for (const schemaFile of files) {
      const { file, code } = (await generate(schemaFile)) as { file: string; code: string };
      expect(readFileSync(file, 'utf8'), `${file} is stale: run npm run gen:types`).toBe(code);
    }
  });
});
