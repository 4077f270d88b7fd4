// Generates, in order:
//   1. the artifact-type enums of schemas/artifact.schema.json and schemas/framework-catalog.schema.json, from the
//      Artifact registry (ARTIFACT_DEFINITIONS in src/evidence/artifacts/index.ts, read through tsx);
//   2. TypeScript types from the JSON Schemas in schemas/ (json-schema-to-typescript), among them the ArtifactType union.
// `node scripts/gen-types.mjs --check` (or `npm run gen:types -- --check`) writes nothing and exits 1 when a generated
// file or enum is out of date.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'src/evidence/types');

/** The schema definitions whose enum is the list of Artifact types. */
export const ARTIFACT_TYPE_ENUMS = [
  { schema: 'schemas/artifact.schema.json', definition: 'ArtifactType' },
  { schema: 'schemas/framework-catalog.schema.json', definition: 'artifactType' },
];

/** The Artifact types of the registry, in its order. */
export async function registryArtifactTypes() {
  const registry = await tsImport('../src/evidence/artifacts/index.ts', import.meta.url);
  return registry.ARTIFACT_DEFINITIONS.map((definition) => definition.type);
}

/** Where the `"enum": [...]` of a schema definition sits in the schema's text: [start, end) of the array. */
function enumSpan(text, definition) {
  const at = text.indexOf(`"${definition}": {`);
  if (at < 0) throw new Error(`no definition "${definition}"`);
  const key = text.indexOf('"enum": [', at);
  const close = text.indexOf(']', key);
  if (key < 0 || close < 0 || text.lastIndexOf('}', key) > at) throw new Error(`definition "${definition}" has no enum`);
  return [key + '"enum": '.length, close + 1];
}

/** The schema text with the definition's enum replaced by `values`, laid out as it was: on one line, or one value a line. */
export function withEnum(text, definition, values) {
  const [start, end] = enumSpan(text, definition);
  const old = text.slice(start, end);
  const items = values.map((v) => JSON.stringify(v));
  let array = `[${items.join(', ')}]`;
  const itemIndent = /^\[\n([ \t]*)/.exec(old)?.[1];
  if (itemIndent !== undefined) {
    const closeIndent = /\n([ \t]*)\]$/.exec(old)?.[1] ?? '';
    array = `[\n${items.map((item) => itemIndent + item).join(',\n')}\n${closeIndent}]`;
  }
  return text.slice(0, start) + array + text.slice(end);
}

/** The values of the definition's enum in a schema text. */
export function enumOf(text, definition) {
  const [start, end] = enumSpan(text, definition);
  return JSON.parse(text.slice(start, end));
}

export function schemaFiles() {
  const files = [path.join(root, 'schemas/artifact.schema.json')];
  const perType = path.join(root, 'schemas/artifacts');
  for (const name of readdirSync(perType).sort()) if (name.endsWith('.schema.json')) files.push(path.join(perType, name));
  return files;
}

/** The TypeScript types of a schema; from `schemaText` when given (a schema not yet written), else from its file. */
export async function generate(schemaFile, schemaText = readFileSync(schemaFile, 'utf8')) {
  const schema = JSON.parse(schemaText);
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

/** Every generated file as it should be: path and content, schemas first. */
export async function expectedFiles() {
  const types = await registryArtifactTypes();
  const schemaTexts = new Map();
  for (const { schema, definition } of ARTIFACT_TYPE_ENUMS) {
    const file = path.join(root, schema);
    schemaTexts.set(file, withEnum(schemaTexts.get(file) ?? readFileSync(file, 'utf8'), definition, types));
  }
  const files = [...schemaTexts].map(([file, content]) => ({ file, content }));
  for (const schemaFile of schemaFiles()) {
    const { file, code } = await generate(schemaFile, schemaTexts.get(schemaFile));
    files.push({ file, content: code });
  }
  return { types, files };
}

/** Why an enum is stale: the types it lacks or has beyond the registry, or that only their order differs. */
function enumDrift(current, types) {
  const missing = types.filter((t) => !current.includes(t));
  const extra = current.filter((t) => !types.includes(t));
  const parts = [];
  if (missing.length) parts.push(`lacks ${missing.join(', ')}`);
  if (extra.length) parts.push(`has ${extra.join(', ')}, not in ARTIFACT_DEFINITIONS`);
  return parts.length ? parts.join(' and ') : 'is not in ARTIFACT_DEFINITIONS order';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const { types, files } = await expectedFiles();
  let stale = 0;
  for (const { file, content } of files) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current === content) continue;
    const name = path.relative(root, file);
    if (check) {
      stale++;
      const enums = ARTIFACT_TYPE_ENUMS.filter(({ schema }) => path.join(root, schema) === file);
      const why = enums.flatMap(({ definition }) => {
        let values;
        try {
          values = enumOf(current, definition);
        } catch {
          return [];
        }
        return JSON.stringify(values) === JSON.stringify(types) ? [] : [`the ${definition} enum ${enumDrift(values, types)}`];
      });
      console.error(`out of date: ${name}${why.length ? `: ${why.join('; ')}` : ''} (run npm run gen:types)`);
    } else {
      writeFileSync(file, content);
      console.log(`wrote ${name}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
