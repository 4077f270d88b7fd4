import { ENDPOINTS, endpoint, type EndpointEntry } from '../../src/iru/catalog.js';
import { IruHttp, TenantLimiter } from '../../src/iru/index.js';
import { paginate, type PaginateOptions } from '../../src/iru/pagination/index.js';
import type { ArtifactDefinition, BuildContext } from '../../src/evidence/index.js';
import { buildInMemory } from '../helpers/build-in-memory.js';
import { afterAll, beforeAll } from 'vitest';
import { FixtureServer } from './fixture-server.js';

export const TOKEN = '6c2b9f0e-4d1a-4e8b-a7c3-2f5d8e9b1a04';

/** The real client, pointed at the fixture server: one attempt, so an unexpected answer is not hidden by a retry. */
export function clientFor(server: FixtureServer): IruHttp {
  return new IruHttp({
    baseUrl: new URL(server.url),
    token: TOKEN,
    limiter: new TenantLimiter(`contract-${Math.random()}`, { perSecond: 1000 }),
    maxAttempts: 1,
  });
}

/** A fixture server and the real client pointed at it, started before a test file's tests and closed after them. */
export function fixtureTenant(): { server: FixtureServer; readonly http: IruHttp } {
  const server = new FixtureServer();
  let http: IruHttp | undefined;
  beforeAll(async () => {
    await server.start();
    http = clientFor(server);
  });
  afterAll(async () => {
    await http?.close();
    await server.stop();
  });
  return {
    server,
    get http() {
      return http!;
    },
  };
}

/** Every row of a catalog source, read page by page through the real paginator. */
export async function readAll<Row = Record<string, unknown>>(
  http: IruHttp,
  source: keyof typeof ENDPOINTS | string,
  options: PaginateOptions = {},
): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const page of paginate(http, endpoint(source) as EndpointEntry<Row>, options)) rows.push(...page.rows);
  return rows;
}

/** Builds an Artifact from rows read over HTTP, as the collector would store them, at a given instant. */
export async function build(definition: ArtifactDefinition, sources: Record<string, object[]>, now: string) {
  const context: Omit<BuildContext, 'recordSink' | 'spill'> = {
    connectionId: 'contract',
    runId: 'contract-run',
    tenant: 'contract',
    tokenFingerprint: 'sha256:0000000000000000',
    freshnessHours: 24,
    connectorVersion: 'test',
    collectedAt: now,
    now: new Date(now),
    async *pages<Row>(source: string) {
      yield (sources[source] ?? []) as Row[];
    },
  };
  return buildInMemory(definition, context);
}

/** Records by a key field, for assertions by device or threat. */
export function byKey(records: Record<string, unknown>[], key: string): Map<unknown, Record<string, unknown>> {
  return new Map(records.map((r) => [r[key], r]));
}

/** A verdict as a person reads it: the result and its reasons, reasons in a stable order. */
export function verdict(record: Record<string, unknown> | undefined): string {
  if (!record) return 'no record';
  return [record.result, ...[...((record.reasons as string[] | undefined) ?? [])].sort()].join(' ');
}
