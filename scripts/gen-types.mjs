// Generates TypeScript types from the JSON Schemas in schemas/ (json-schema-to-typescript).
// `node scripts/gen-types.mjs --check` exits 1 when a generated file is out of date.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'src/evidence/types');

export function schemaFiles() {
  const files = [path.join(root, 'schemas/artifact.schema.json')];
  const perType = path.join(root, 'schemas/artifacts');
  for (const name of readdirSync(perType).sort()) if (name.endsWith('.schema.json')) files.push(path.join(perType, name));
  return files;
}

export async function generate(schemaFile) {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const name = path.basename(schemaFile, '.schema.json');
  const code = await compile(schema, schema.title, {
    bannerComment: `/* Generated from schemas/${path.relative(path.join(root, 'schemas'), schemaFile)} by scripts/gen-types.mjs. Do not edit. */`,
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 140 },
    cwd: path.dirname(schemaFile),
  });
  return { file: path.join(outDir, `${name}.generated.ts`), code };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const schemaFile of schemaFiles()) {
    const { file, code } = await generate(schemaFile);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current === code) continue;
    if (check) {
      stale++;
      console.error(`out of date: ${path.relative(root, file)} (run npm run gen:types)`);
    } else {
      writeFileSync(file, code);
      console.log(`wrote ${path.relative(root, file)}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
