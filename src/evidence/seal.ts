import { ERROR_TYPES } from '../failures/index.js';
import type { ArtifactDefinition, BuildContext, BuiltEvidence } from './artifact-definition.js';
import { sha256WithRecords, type ArtifactEnvelope } from './artifact-document.js';
import { sha256Hex } from './canonical-hash.js';
import { snapshotCovers } from './evidence-period.js';
import { controlActionsFor } from './frameworks/index.js';
import { assertValidEnvelope } from './schema-validator.js';

/** Stable id of one Artifact version: the same run and type always give the same id, so a rebuilt Artifact replaces nothing. */
export function artifactId(connectionId: string, runId: string, type: string): string {
  return `art_${sha256Hex(`${connectionId}\u0000${runId}\u0000${type}`).slice(0, 24)}`;
}

export type SealContext = Pick<BuildContext, 'connectionId' | 'runId' | 'tenant' | 'tokenFingerprint' | 'freshnessHours' | 'connectorVersion' | 'collectedAt'>;

/** An Artifact is sealed but its records were not what the build wrote: never published short. */
export class RecordCountMismatchError extends Error {
  override readonly name = 'RecordCountMismatchError';
  readonly code = ERROR_TYPES.artifactRecordsMismatch;
}

/**
 * Wraps built evidence in the Artifact envelope, maps it to control actions, validates it and hashes it with its
 * records, which are read back in order from where the build wrote them (twice: the document hash covers the content
 * hash). Records were validated one by one as they were built.
 */
export async function sealArtifact(
  definition: Pick<ArtifactDefinition, 'type' | 'title' | 'description'>,
  context: SealContext,
  evidence: BuiltEvidence,
  endpoints: string[],
  records: () => AsyncIterable<string>,
): Promise<ArtifactEnvelope> {
  const unsealed = {
    type: definition.type,
    schemaVersion: 1 as const,
    title: definition.title,
    description: definition.description,
    connectionId: context.connectionId,
    runId: context.runId,
    collectedAt: context.collectedAt,
    ...(evidence.observedAt ? { observedAt: evidence.observedAt } : {}),
    covers: evidence.covers ?? snapshotCovers(context.collectedAt),
    expiresAt: new Date(Date.parse(context.collectedAt) + context.freshnessHours * 3_600_000).toISOString(),
    source: { tenant: context.tenant, endpoints, connectorVersion: context.connectorVersion, tokenFingerprint: context.tokenFingerprint },
    controls: controlActionsFor(definition.type),
    summary: evidence.summary,
  };
  const { type, schemaVersion, controls, summary } = unsealed;
  const content = await sha256WithRecords({ type, schemaVersion, controls, summary }, records());
  if (content.records !== evidence.recordCount) {
    throw new RecordCountMismatchError(`The ${definition.type} Artifact was built with ${evidence.recordCount} records but ${content.records} were stored`);
  }
  const withContent = { ...unsealed, contentSha256: content.sha256 };
  const document = await sha256WithRecords(withContent, records());
  const envelope: ArtifactEnvelope = { id: artifactId(context.connectionId, context.runId, definition.type), ...withContent, sha256: document.sha256 };
  assertValidEnvelope(envelope);
  return envelope;
}
