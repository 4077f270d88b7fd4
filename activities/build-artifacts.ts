import { heartbeat } from '@temporalio/activity';
import type { ArtifactRef, NotEvaluableArtifact, SourceOutcome } from '../src/collector/run-summary.js';
import { CONNECTOR_VERSION } from '../src/collector/version.js';
import { ARTIFACT_DEFINITIONS, assembleArtifact, type BuildContext } from '../src/evidence/index.js';
import { endpoint, tenantKey } from '../src/iru/index.js';
import type { ActivityDeps } from './deps.js';

export interface BuildArtifactsInput {
  connectionId: string;
  runId: string;
  sources: SourceOutcome[];
}

export interface BuiltArtifacts {
  artifacts: ArtifactRef[];
  notEvaluable: NotEvaluableArtifact[];
}

/** Builds every Artifact whose sources were collected, from the stored pages, and stores it unpublished. */
export function buildArtifacts(deps: ActivityDeps) {
  return async function buildArtifacts(input: BuildArtifactsInput): Promise<BuiltArtifacts> {
    const connection = await deps.store.getConnection(input.connectionId);
    if (!connection) throw new Error(`No connection with id ${input.connectionId}`);
    const outcomes = new Map(input.sources.map((s) => [s.name, s]));
    const result: BuiltArtifacts = { artifacts: [], notEvaluable: [] };
    for (const definition of ARTIFACT_DEFINITIONS) {
      if (definition.sources.some((name) => !outcomes.has(name))) continue;
      const missing = definition.sources.map((name) => outcomes.get(name)!).filter((o) => o.status !== 'succeeded');
      if (missing.some((o) => o.status === 'not_applicable')) continue;
      if (missing.length > 0) {
        const denied = missing.some((o) => o.error?.code === 'permission_denied');
        result.notEvaluable.push({ type: definition.type, reason: denied ? 'permission_denied' : 'transient', sources: missing.map((o) => o.name) });
        continue;
      }
      // An Artifact about the run itself (no sources of its own) is about every source the run read.
      const read = definition.sources.length > 0 ? definition.sources : input.sources.map((s) => s.name);
      const fetched = await Promise.all(read.map((name) => deps.store.sourceProgress(input.runId, name)));
      const collectedAt = fetched.map((p) => p.lastFetchedAt ?? '').sort().at(-1) || new Date().toISOString();
      const context: BuildContext = {
        connectionId: connection.id,
        runId: input.runId,
        tenant: tenantKey(new URL(connection.baseUrl)),
        tokenFingerprint: connection.tokenFingerprint,
        freshnessHours: connection.freshnessHours,
        connectorVersion: CONNECTOR_VERSION,
        collectedAt,
        now: new Date(collectedAt),
        pages: (source) => pagesOf(deps, input.runId, source),
        run: { sources: input.sources },
      };
      const artifact = assembleArtifact(definition, context, await definition.build(context), read.map((name) => `GET ${endpoint(name).path}`));
      await deps.store.putArtifact({
        id: artifact.id,
        connectionId: artifact.connectionId,
        runId: artifact.runId,
        type: artifact.type,
        collectedAt: artifact.collectedAt,
        sha256: artifact.sha256,
        contentSha256: artifact.contentSha256,
        recordCount: artifact.records.length,
        document: JSON.stringify(artifact),
      });
      result.artifacts.push({ id: artifact.id, type: artifact.type, sha256: artifact.sha256, contentSha256: artifact.contentSha256, records: artifact.records.length });
      heartbeat(artifact.type);
    }
    return result;
  };
}

async function* pagesOf<Row>(deps: ActivityDeps, runId: string, source: string): AsyncIterable<Row[]> {
  for await (const page of deps.store.pages<Row>(runId, source)) {
    // Building a large Artifact takes a while: a heartbeat per stored page read lets Temporal tell a slow build
    // from a dead worker (the SDK throttles what it sends).
    heartbeat();
    yield page.rows;
  }
}
