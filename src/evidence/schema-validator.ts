import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ERROR_TYPES } from '../failures/index.js';
import { schemasDir } from './schemas-dir.js';
import type { Artifact } from './types/artifact.generated.js';

export interface SchemaIssue {
  path: string;
  message: string;
}

export class ArtifactSchemaError extends Error {
  override readonly name = 'ArtifactSchemaError';
  readonly code = ERROR_TYPES.artifactInvalid;
  constructor(
    readonly artifactType: string,
    readonly issues: SchemaIssue[],
  ) {
    super(
      `The ${artifactType} Artifact does not match its JSON Schema: ${issues
        .slice(0, 5)
        .map((i) => `${i.path || '/'} ${i.message}`)
        .join('; ')}`,
    );
  }
}

let cached: { envelope: ValidateFunction; records: Map<string, ValidateFunction> } | undefined;

function validators() {
  if (cached) return cached;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  const dir = schemasDir();
  const envelope = ajv.compile(JSON.parse(readFileSync(`${dir}/artifact.schema.json`, 'utf8')));
  const records = new Map<string, ValidateFunction>();
  for (const name of readdirSync(`${dir}/artifacts`)) {
    if (name.endsWith('.schema.json')) records.set(name.replace('.schema.json', ''), ajv.compile(JSON.parse(readFileSync(`${dir}/artifacts/${name}`, 'utf8'))));
  }
  cached = { envelope, records };
  return cached;
}

/** Validates an Artifact's envelope (records left out) against schemas/artifact.schema.json; throws with every issue. */
export function assertValidEnvelope(envelope: Omit<Artifact, 'records'>): void {
  const validate = validators().envelope;
  if (!validate({ ...envelope, records: [] })) throw new ArtifactSchemaError(envelope.type, toIssues(validate, ''));
}

/** A check of one record of the given Artifact type against its schema in schemas/artifacts/, for records built one at a time. */
export function recordValidator(type: string): (record: object) => void {
  const validate = validators().records.get(type);
  if (!validate) throw new ArtifactSchemaError(type, [{ path: '/type', message: `no record schema for ${type} in schemas/artifacts/` }]);
  let index = 0;
  return (record) => {
    if (!validate(record)) throw new ArtifactSchemaError(type, toIssues(validate, `/records/${index}`));
    index++;
  };
}

/** Validates an Artifact against schemas/artifact.schema.json and its type's record schema; throws with every issue. */
export function assertValidArtifact(artifact: Artifact): void {
  const { envelope, records } = validators();
  const issues: SchemaIssue[] = [];
  if (!envelope(artifact)) issues.push(...toIssues(envelope, ''));
  const recordSchema = records.get(artifact.type);
  if (!recordSchema) issues.push({ path: '/type', message: `no record schema for ${artifact.type} in schemas/artifacts/` });
  else {
    artifact.records.forEach((record, index) => {
      if (issues.length < 20 && !recordSchema(record)) issues.push(...toIssues(recordSchema, `/records/${index}`));
    });
  }
  if (issues.length) throw new ArtifactSchemaError(artifact.type, issues);
}

function toIssues(validate: ValidateFunction, prefix: string): SchemaIssue[] {
  return (validate.errors ?? []).map((e) => ({ path: `${prefix}${e.instancePath}`, message: e.message ?? 'invalid' }));
}
