import { ConnectionNotFoundError, UnknownArtifactError } from '../failures/index.js';
import { readEndpointLine, tenantKey } from '../iru/index.js';
import type { Logger } from '../logging/logger.js';
import type { ArtifactRef, EvidenceStore } from '../store/index.js';
import { ARTIFACT_DEFINITIONS, artifactId, canonicalJson, deniedPermissions, RecordSink, recordValidator, sealArtifact, Spill } from './index.js';
import type { BuildContext, EventWindow, RunSourceOutcome } from './index.js';
import { BuildExceptions, isExceptableType } from './exceptions.js';

export interface BuildDeps {
  store: EvidenceStore;
  logger: Logger;
  /** Recorded in every Artifact's source (src/collector/version.ts). */
  connectorVersion: string;
  /** Called for every page read and every 5,000 records hashed or read back, so the host can tell a long build from a dead one. */
  heartbeat: () => void;
}

export interface BuildArtifactInput {
  connectionId: string;
  runId: string;
  type: string;
  /**
   * The outcomes of the sources it is built from (of every source, for an Artifact about the run itself): the required
   * ones succeeded or were denied (then its records in scope are not evaluable, naming the permission); its optional
   * sources that were planned are here too, whatever their outcome.
   */
  sources: RunSourceOutcome[];
  /** For an Artifact of events: the window the run was planned with (src/evidence/evidence-period.ts). */
  window?: EventWindow;
}

/**
 * Builds one Artifact from the run's stored pages and stores it unpublished, returning it as the run summary lists it
 * (rows read and build time only when this call built it): rows stream from the store through the
 * builder, records stream back to the store, and the seal hashes them from there. Memory holds a page and a batch.
 */
export async function buildArtifact(deps: BuildDeps, input: BuildArtifactInput): Promise<ArtifactRef> {
  const started = Date.now();
  const definition = ARTIFACT_DEFINITIONS.find((d) => d.type === input.type);
  if (!definition) throw new UnknownArtifactError(input.type);
  const connection = await deps.store.getConnection(input.connectionId);
  if (!connection) throw new ConnectionNotFoundError(input.connectionId);
  const id = artifactId(connection.id, input.runId, definition.type);
  const built = await deps.store.getArtifact(id);
  if (built) return { id, type: built.type, sha256: built.sha256, contentSha256: built.contentSha256, records: built.recordCount };
  await deps.store.deleteArtifactRecords(id);

  const collected = new Set(input.sources.filter((s) => s.status === 'succeeded').map((s) => s.name));
  const optional = (definition.optionalSources ?? []).filter((name) => collected.has(name));
  const required = definition.sources.length > 0 ? definition.sources : input.sources.map((s) => s.name);
  const denied = deniedPermissions(definition.sources, input.sources);
  const read = [...required.filter((name) => definition.sources.length === 0 || collected.has(name)), ...optional];
  const via = new Map(input.sources.map((s) => [s.name, s.via]));
  const fetched = await Promise.all(read.map((name) => deps.store.sourceProgress(input.runId, name)));
  const collectedAt =
    fetched
      .map((p) => p.lastFetchedAt ?? '')
      .sort()
      .at(-1) || new Date().toISOString();
  const exceptions = isExceptableType(definition.type)
    ? new BuildExceptions(await deps.store.listExceptions({ connectionId: connection.id }), definition.type, collectedAt)
    : undefined;
  let rowsRead = 0;
  let spills = 0;
  const cleared = new Set<string>();
  const context: BuildContext = {
    connectionId: connection.id,
    runId: input.runId,
    tenant: tenantKey(new URL(connection.baseUrl)),
    tokenFingerprint: connection.tokenFingerprint,
    freshnessHours: connection.freshnessHours,
    connectorVersion: deps.connectorVersion,
    collectedAt,
    now: new Date(collectedAt),
    run: { sources: input.sources },
    deniedPermissions: denied,
    ...(input.window ? { window: input.window } : {}),
    async *carriedRecords<R extends object>() {
      if (!input.window?.continues) return;
      for await (const body of withHeartbeats(deps.store.artifactRecords(input.window.continues), deps.heartbeat)) yield JSON.parse(body) as R;
    },
    ...(exceptions ? { exceptions } : {}),
    async *pages<Row>(source: string) {
      if (!read.includes(source)) return; // an optional source this run did not collect
      for await (const page of deps.store.pages<Row>(input.runId, source)) {
        deps.heartbeat();
        rowsRead += page.rows.length;
        yield page.rows;
      }
    },
    recordSink: (order) => new RecordSink(order, (batch) => deps.store.putArtifactRecords(id, batch), recordValidator(definition.type)),
    spill: (order) => {
      const spillId = `${id}~spill${spills++}`;
      return new Spill(order, {
        write: async (batch) => {
          if (!cleared.has(spillId)) await deps.store.deleteArtifactRecords(spillId); // an earlier attempt's leftovers
          cleared.add(spillId);
          await deps.store.putArtifactRecords(spillId, batch);
        },
        read: () => withHeartbeats(deps.store.artifactRecords(spillId), deps.heartbeat),
        remove: () => deps.store.deleteArtifactRecords(spillId),
      });
    },
  };
  const evidence = await definition.build(context);
  const endpoints = [...required, ...optional].map((name) => readEndpointLine(name, via.get(name)));
  const envelope = await sealArtifact(definition, context, evidence, endpoints, () => withHeartbeats(deps.store.artifactRecords(id), deps.heartbeat));
  await deps.store.putArtifact({
    id,
    connectionId: connection.id,
    runId: input.runId,
    type: definition.type,
    collectedAt,
    sha256: envelope.sha256,
    contentSha256: envelope.contentSha256,
    recordCount: evidence.recordCount,
    envelope: canonicalJson(envelope),
  });
  const buildMs = Date.now() - started;
  deps.logger.info({ runId: input.runId, type: definition.type, records: evidence.recordCount, rowsRead, buildMs }, 'artifact built');
  return { id, type: definition.type, sha256: envelope.sha256, contentSha256: envelope.contentSha256, records: evidence.recordCount, rowsRead, buildMs };
}

async function* withHeartbeats(records: AsyncIterable<string>, heartbeat: () => void): AsyncIterable<string> {
  let count = 0;
  for await (const record of records) {
    if (++count % 5_000 === 0) heartbeat();
    yield record;
  }
}
