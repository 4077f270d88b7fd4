import { controlActionsFor } from './frameworks/index.js';
import type { ArtifactDefinition, BuildContext, BuiltEvidence } from './artifact-definition.js';
import { contentSha256, documentSha256, sha256Hex } from './canonical-hash.js';
import { assertValidArtifact } from './schema-validator.js';
import type { Artifact } from './types/artifact.generated.js';

/** Stable id of one Artifact version: the same run and type always give the same id, so a rebuilt Artifact replaces nothing. */
export function artifactId(connectionId: string, runId: string, type: string): string {
  return `art_${sha256Hex(`${connectionId}\u0000${runId}\u0000${type}`).slice(0, 24)}`;
}

/** Wraps built evidence in the Artifact envelope, maps it to control actions, hashes it and validates it against its schema. */
export function assembleArtifact(definition: ArtifactDefinition, context: BuildContext, evidence: BuiltEvidence, endpoints: string[]): Artifact {
  const expiresAt = new Date(Date.parse(context.collectedAt) + context.freshnessHours * 3_600_000).toISOString();
  const unsealed = {
    type: definition.type,
    schemaVersion: 1 as const,
    title: definition.title,
    description: definition.description,
    connectionId: context.connectionId,
    runId: context.runId,
    collectedAt: context.collectedAt,
    ...(evidence.observedAt ? { observedAt: evidence.observedAt } : {}),
    expiresAt,
    source: { tenant: context.tenant, endpoints, connectorVersion: context.connectorVersion, tokenFingerprint: context.tokenFingerprint },
    controls: controlActionsFor(definition.type),
    summary: evidence.summary,
    records: evidence.records,
  };
  const withContent = { ...unsealed, contentSha256: contentSha256(unsealed) };
  const artifact: Artifact = { id: artifactId(context.connectionId, context.runId, definition.type), ...withContent, sha256: documentSha256(withContent) };
  assertValidArtifact(artifact);
  return artifact;
}
