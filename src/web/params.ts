import { BadInputError, NotFoundError } from '../read-model/errors.js';
import { resultFilter, type RecordFilter } from '../read-model/record-filter.js';
import type { Connection, EvidenceStore } from '../store/index.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type RecordsQuery } from './records/records-query.js';

const ARTIFACT_ID = /^art_[0-9a-f]{24}$/;
const RUN_ID = /^[A-Za-z0-9_.:-]{1,200}$/;
const API_KEY_ID = /^key_[0-9a-f-]{36}$/;
const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** Query strings and form bodies as Fastify parses them: a repeated name gives an array. */
export type Params = Record<string, unknown>;

/** A single optional text value; a repeated or overlong one is refused. */
export function text(params: Params, name: string, maxLength = 200): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadInputError(`"${name}" must be given once, as text`);
  if (value.length > maxLength) throw new BadInputError(`"${name}" must be at most ${maxLength} characters long`);
  return value;
}

export function requiredText(params: Params, name: string, maxLength = 200): string {
  const value = text(params, name, maxLength);
  if (value === undefined || value === '') throw new BadInputError(`"${name}" is required`);
  return value;
}

export function integer(params: Params, name: string, min: number, max: number, fallback: number): number {
  const value = text(params, name, 12);
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new BadInputError(`"${name}" must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new BadInputError(`"${name}" must be between ${min} and ${max}, not ${n}`);
  return n;
}

/** An optional whole number, from a form (text) or JSON (a number); undefined when absent or empty. */
export function optionalWholeNumber(params: Params, name: string): number | undefined {
  const value = params[name];
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new BadInputError(`"${name}" must be a whole number, not ${value}`);
    return value;
  }
  const written = text(params, name, 12);
  if (written === undefined || written.trim() === '') return undefined;
  if (!/^\d+$/.test(written.trim())) throw new BadInputError(`"${name}" must be a whole number, not "${written}"`);
  return Number(written.trim());
}

export function choice<T extends string>(params: Params, name: string, choices: readonly T[], fallback: T): T {
  const value = text(params, name, 50);
  if (value === undefined || value === '') return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new BadInputError(`"${name}" must be one of ${choices.join(', ')}, not "${value}"`);
  return value as T;
}

export function artifactId(value: string): string {
  if (!ARTIFACT_ID.test(value)) throw new BadInputError(`"${value}" is not an Artifact id: art_ followed by 24 hexadecimal digits`);
  return value;
}

export function deviceId(value: string): string {
  if (!DEVICE_ID.test(value)) throw new BadInputError(`"${value}" is not a device id: letters, digits, "_", ".", ":" and "-", at most 200`);
  return value;
}

export function runId(value: string): string {
  if (!RUN_ID.test(value)) throw new BadInputError(`"${value}" is not a run id: up to 200 letters, digits and . _ : -`);
  return value;
}

export function apiKeyId(value: string): string {
  if (!API_KEY_ID.test(value)) throw new BadInputError(`"${value}" is not an API key id: key_ followed by a UUID`);
  return value;
}

/** The records filter of a table page or an export: `q` and `result`. */
export function recordFilter(params: Params): RecordFilter {
  const result = resultFilter(text(params, 'result', 50));
  return { q: text(params, 'q', 200) ?? '', ...(result ? { result } : {}) };
}

export function recordsQuery(params: Params): RecordsQuery {
  const sort = text(params, 'sort', 100);
  return {
    ...recordFilter(params),
    sort: sort === '' ? undefined : sort,
    dir: choice(params, 'dir', ['asc', 'desc'] as const, 'asc'),
    page: integer(params, 'page', 1, 1_000_000, 1),
    pageSize: integer(params, 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  };
}

/** The connection named by `connection` (its name or id), or undefined for all connections. */
export async function optionalConnection(store: EvidenceStore, params: Params): Promise<Connection | undefined> {
  const value = text(params, 'connection', 200);
  if (value === undefined || value === '') return undefined;
  const connection = await store.getConnection(value);
  if (!connection) throw new NotFoundError(`No connection named "${value}"`);
  return connection;
}
