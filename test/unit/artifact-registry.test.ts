import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_DEFINITIONS } from '../../src/evidence/index.js';
import { ARTIFACT_TYPES, isArtifactType, loadFrameworkCatalog, validateFrameworkCatalog } from '../../src/evidence/frameworks/index.js';
// @ts-expect-error plain ESM script without types
import { ARTIFACT_TYPE_ENUMS, enumOf, withEnum } from '../../scripts/gen-types.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the Artifact registry (ARTIFACT_DEFINITIONS) is the one list of Artifact types', () => {
  it('every generated file and schema enum is up to date (node scripts/gen-types.mjs --check)', () => {
    const run = spawnSync(process.execPath, ['scripts/gen-types.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr, 'run npm run gen:types').toBe('');
    expect(run.status).toBe(0);
  });

  it('the schemas enumerate the registry types, in registry order', () => {
    const types = ARTIFACT_DEFINITIONS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(ARTIFACT_TYPES).toEqual(types);
    for (const { schema, definition } of ARTIFACT_TYPE_ENUMS as { schema: string; definition: string }[]) {
      expect(enumOf(readFileSync(`${root}${schema}`, 'utf8'), definition), `${schema} #/${definition}`).toEqual(types);
    }
  });

  it('each type has its record schema in schemas/artifacts/, and no schema is left without a type', () => {
    const recordSchemas = readdirSync(`${root}schemas/artifacts`)
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => f.replace('.schema.json', ''));
    expect([...recordSchemas].sort()).toEqual([...ARTIFACT_TYPES].sort());
  });

  it('the framework catalog maps control actions to registry types only', () => {
    const mapped = loadFrameworkCatalog().frameworks.flatMap((f) => f.controls.flatMap((c) => c.actions.flatMap((a) => a.artifacts.map((m) => m.type))));
    expect(mapped.filter((t) => !isArtifactType(t))).toEqual([]);
    const doc = structuredClone(loadFrameworkCatalog()) as { frameworks: { controls: { actions: { artifacts: { type: string }[] }[] }[] }[] };
    doc.frameworks[0]!.controls[0]!.actions[0]!.artifacts[0]!.type = 'screen-lock';
    const result = validateFrameworkCatalog(doc);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.message).join('\n')).toMatch(/unknown artifact type/);
  });

  it('an enum is rewritten in its own layout: on one line, or one value a line', () => {
    const oneLine = '{ "T": { "type": "string", "enum": ["a", "b"] }, "U": { "enum": ["x"] } }';
    expect(withEnum(oneLine, 'T', ['b', 'c'])).toBe('{ "T": { "type": "string", "enum": ["b", "c"] }, "U": { "enum": ["x"] } }');
    const perLine = '{\n  "T": {\n    "enum": [\n      "a"\n    ]\n  }\n}';
    expect(withEnum(perLine, 'T', ['a', 'b'])).toBe('{\n  "T": {\n    "enum": [\n      "a",\n      "b"\n    ]\n  }\n}');
    expect(enumOf(perLine, 'T')).toEqual(['a']);
    expect(() => withEnum('{ "T": { "type": "string" }, "U": { "enum": ["x"] } }', 'T', [])).toThrow(/has no enum/);
  });
});
