/**
 * The framework catalog: frameworks -> controls -> control actions -> artifact types, each with full or
 * partial coverage. The catalog is data (catalog.json beside this file), validated against
 * schemas/framework-catalog.schema.json plus the semantic rules below, and drives which control actions an
 * Artifact claims in its `controls` field. Its artifact types are checked against the Artifact registry
 * (ARTIFACT_DEFINITIONS): a type the registry does not build is an error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { ARTIFACT_TYPES, isArtifactType } from '../artifacts/index.js';
import type { ArtifactType } from '../types/artifact.generated.js';

export { ARTIFACT_TYPES, isArtifactType };
export type { ArtifactType };
export type Coverage = 'full' | 'partial';

export interface ArtifactMapping {
  type: ArtifactType;
  coverage: Coverage;
  /** Why the coverage is what it is, or that the mapping is a convention rather than a certainty. */
  note?: string;
}

export interface ControlAction {
  /** Stable, unique within the framework: `${control.id}.${slug}`. Appears in Artifacts and exports. */
  id: string;
  /** What evidence this action asks for, in an auditor's words. */
  description: string;
  artifacts: ArtifactMapping[];
}

export interface Control {
  /** The framework's own identifier, e.g. `CC6.1`, `A.8.1`, `CM-8(1)`, `4.5`, `164.312(a)(2)(iv)`. */
  id: string;
  title: string;
  actions: ControlAction[];
}

export interface Framework {
  id: string;
  name: string;
  version: string;
  controls: Control[];
}

export interface FrameworkCatalog {
  $schema?: string;
  catalogVersion: 1;
  frameworks: Framework[];
}

/** One entry of an Artifact's `controls` field. */
export interface ArtifactControlRef {
  framework: string;
  control: string;
  action: string;
  coverage: Coverage;
}

export interface CatalogIssue {
  /** JSON Pointer into the catalog document, e.g. `/frameworks/0/controls/3/actions/1/id`. */
  path: string;
  message: string;
}

export class FrameworkCatalogError extends Error {
  readonly issues: readonly CatalogIssue[];
  constructor(source: string, issues: readonly CatalogIssue[]) {
    const lines = issues.map((i) => `  - ${i.path || '/'}: ${i.message}`);
    super(`Invalid framework catalog (${source}): ${issues.length} issue${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`);
    this.name = 'FrameworkCatalogError';
    this.issues = issues;
  }
}

export const FRAMEWORK_CATALOG_URL: URL = new URL('./catalog.json', import.meta.url);
export const FRAMEWORK_CATALOG_PATH: string = fileURLToPath(FRAMEWORK_CATALOG_URL);
export const FRAMEWORK_CATALOG_SCHEMA_FILE = 'framework-catalog.schema.json';

/**
 * The schema file, found in the nearest `schemas/` folder walking up from this module: that is
 * `<root>/schemas` both from `src/evidence/frameworks/` and from a build in `dist/src/evidence/frameworks/`.
 */
export function findFrameworkCatalogSchemaPath(startDir: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, 'schemas', FRAMEWORK_CATALOG_SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `Cannot find schemas/${FRAMEWORK_CATALOG_SCHEMA_FILE} in ${startDir} or any folder above it; ` + 'the schemas/ folder must ship beside the code.',
  );
}

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!validator) {
    const schemaPath = findFrameworkCatalogSchemaPath();
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    } catch (err) {
      throw new Error(`Cannot read the framework catalog schema ${schemaPath}: ${(err as Error).message}`);
    }
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    validator = ajv.compile(schema as object);
  }
  return validator;
}

function describeAjvError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}" is not allowed`;
    case 'enum': {
      const allowed = (p.allowedValues as unknown[] | undefined) ?? [];
      const what = e.instancePath.endsWith('/type') ? 'unknown artifact type' : 'value not allowed';
      return `${what}; must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * Rules the schema cannot express. Written defensively: it runs even when the schema check failed, so
 * one pass reports every issue.
 */
function semanticIssues(doc: unknown): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  if (!isObject(doc)) return issues;
  const frameworkIds = new Map<string, number>();
  arr(doc.frameworks).forEach((fw, fi) => {
    if (!isObject(fw)) return;
    const fwPath = `/frameworks/${fi}`;
    const fwId = typeof fw.id === 'string' ? fw.id : undefined;
    if (fwId !== undefined) {
      const first = frameworkIds.get(fwId);
      if (first !== undefined) {
        issues.push({ path: `${fwPath}/id`, message: `duplicate framework id "${fwId}" (first at /frameworks/${first})` });
      } else {
        frameworkIds.set(fwId, fi);
      }
    }
    const isPci = fwId !== undefined && fwId.startsWith('pci-dss');
    const controlIds = new Map<string, string>();
    const actionIds = new Map<string, string>();
    arr(fw.controls).forEach((ctl, ci) => {
      if (!isObject(ctl)) return;
      const ctlPath = `${fwPath}/controls/${ci}`;
      const ctlId = typeof ctl.id === 'string' ? ctl.id : undefined;
      if (ctlId !== undefined) {
        const first = controlIds.get(ctlId);
        if (first !== undefined) {
          issues.push({ path: `${ctlPath}/id`, message: `duplicate control id "${ctlId}" in framework "${fwId}" (first at ${first})` });
        } else {
          controlIds.set(ctlId, ctlPath);
        }
      }
      // PCI DSS 3.5.1 applies only where PAN is stored, and 3.5.1.2 says disk-level encryption of
      // non-removable media does not satisfy it alone: never claim it from disk encryption.
      const isPan = isPci && ctlId !== undefined && (ctlId === '3.5.1' || ctlId.startsWith('3.5.1.'));
      arr(ctl.actions).forEach((act, ai) => {
        if (!isObject(act)) return;
        const actPath = `${ctlPath}/actions/${ai}`;
        const actId = typeof act.id === 'string' ? act.id : undefined;
        if (actId !== undefined) {
          const first = actionIds.get(actId);
          if (first !== undefined) {
            issues.push({ path: `${actPath}/id`, message: `duplicate action id "${actId}" in framework "${fwId}" (first at ${first})` });
          } else {
            actionIds.set(actId, actPath);
          }
          if (ctlId !== undefined && !actId.startsWith(`${ctlId}.`)) {
            issues.push({ path: `${actPath}/id`, message: `action id "${actId}" must start with its control id "${ctlId}."` });
          }
        }
        const types = new Set<string>();
        arr(act.artifacts).forEach((m, mi) => {
          if (!isObject(m)) return;
          const mPath = `${actPath}/artifacts/${mi}`;
          const type = m.type;
          if (typeof type !== 'string' || !isArtifactType(type)) {
            issues.push({ path: `${mPath}/type`, message: `unknown artifact type ${JSON.stringify(type)}` });
            return;
          }
          if (types.has(type)) {
            issues.push({ path: `${mPath}/type`, message: `artifact type "${type}" is mapped twice in action "${actId}"` });
          }
          types.add(type);
          if (isPan && type === 'disk-encryption') {
            issues.push({
              path: `${mPath}/type`,
              message:
                `PCI DSS ${ctlId} must not be mapped to disk-encryption: 3.5.1 applies only where PAN is stored, and ` +
                '3.5.1.2 says disk-level encryption of non-removable media does not satisfy it',
            });
          }
        });
      });
    });
  });
  return issues;
}

export type CatalogValidation = { ok: true; catalog: FrameworkCatalog } | { ok: false; issues: CatalogIssue[] };

/** Validate a parsed catalog document against the schema and the semantic rules; never throws on bad data. */
export function validateFrameworkCatalog(doc: unknown): CatalogValidation {
  const validate = schemaValidator();
  const issues: CatalogIssue[] = [];
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) {
      issues.push({ path: e.instancePath, message: describeAjvError(e) });
    }
  }
  const seen = new Set(issues.map((i) => `${i.path}\u0000${i.message}`));
  for (const issue of semanticIssues(doc)) {
    // The enum check already names an unknown artifact type; avoid reporting it twice.
    if (issue.message.startsWith('unknown artifact type') && issues.some((i) => i.path === issue.path)) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues.length === 0 ? { ok: true, catalog: doc as FrameworkCatalog } : { ok: false, issues };
}

/** Validate, and throw a FrameworkCatalogError listing every issue (path + message) when invalid. */
export function parseFrameworkCatalog(doc: unknown, source = 'framework catalog'): FrameworkCatalog {
  const result = validateFrameworkCatalog(doc);
  if (!result.ok) throw new FrameworkCatalogError(source, result.issues);
  return result.catalog;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

let cached: FrameworkCatalog | undefined;

/** Read, validate and cache catalog.json. The result is deeply frozen. */
export function loadFrameworkCatalog(): FrameworkCatalog {
  if (cached) return cached;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(FRAMEWORK_CATALOG_URL, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read the framework catalog ${FRAMEWORK_CATALOG_PATH}: ${(err as Error).message}`);
  }
  cached = deepFreeze(parseFrameworkCatalog(doc, FRAMEWORK_CATALOG_PATH));
  return cached;
}

/**
 * Natural order for ids: digit runs compare as numbers, so CC6.2 < CC6.10, A.8.9 < A.8.15, CM-8 < CM-8(1) < CM-10.
 * Independent of locale; ties fall back to plain code-unit order so the order is total.
 */
export function compareIds(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i] as string;
    const y = tb[i] as string;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    } else {
      return x < y ? -1 : 1;
    }
  }
  if (ta.length !== tb.length) return ta.length < tb.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRefs(a: ArtifactControlRef, b: ArtifactControlRef): number {
  return compareIds(a.framework, b.framework) || compareIds(a.control, b.control) || compareIds(a.action, b.action);
}

/**
 * Every control action an artifact of this type supports, in the exact shape of an Artifact's `controls`
 * field, sorted by framework, control and action (natural order).
 */
export function controlActionsFor(type: ArtifactType, catalog: FrameworkCatalog = loadFrameworkCatalog()): ArtifactControlRef[] {
  if (!isArtifactType(type)) {
    throw new Error(`Unknown artifact type ${JSON.stringify(type)}; known types: ${ARTIFACT_TYPES.join(', ')}`);
  }
  const refs: ArtifactControlRef[] = [];
  for (const fw of catalog.frameworks) {
    for (const ctl of fw.controls) {
      for (const act of ctl.actions) {
        for (const m of act.artifacts) {
          if (m.type === type) refs.push({ framework: fw.id, control: ctl.id, action: act.id, coverage: m.coverage });
        }
      }
    }
  }
  return refs.sort(compareRefs);
}

/**
 * The artifact types that evidence a framework, or one of its controls, in ARTIFACT_TYPES order.
 * Throws on an unknown framework or control id.
 */
export function artifactTypesFor(framework: string, control?: string, catalog: FrameworkCatalog = loadFrameworkCatalog()): ArtifactType[] {
  const fw = catalog.frameworks.find((f) => f.id === framework);
  if (!fw) {
    throw new Error(`Unknown framework "${framework}"; known frameworks: ${catalog.frameworks.map((f) => f.id).join(', ')}`);
  }
  let controls = fw.controls;
  if (control !== undefined) {
    const ctl = fw.controls.find((c) => c.id === control);
    if (!ctl) throw new Error(`Unknown control "${control}" in framework "${framework}"`);
    controls = [ctl];
  }
  const found = new Set<ArtifactType>();
  for (const ctl of controls) for (const act of ctl.actions) for (const m of act.artifacts) found.add(m.type);
  return ARTIFACT_TYPES.filter((t) => found.has(t));
}
