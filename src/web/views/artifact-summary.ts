import type { ArtifactSummary } from '../../evidence/types/artifact.generated.js';
import type { EvidenceVersion } from '../../read-model/artifact-envelope.js';
import { freshnessAt, type Freshness } from '../../read-model/freshness.js';
import { summaryResults, type ResultCounts } from '../../read-model/record-results.js';

export interface ArtifactSummaryView {
  id: string;
  type: string;
  title: string;
  connection: { id: string; name: string };
  runId: string;
  collectedAt: string;
  observedAt: { oldest: string; newest: string } | null;
  expiresAt: string;
  freshness: Freshness;
  records: number;
  coverage: ArtifactSummary['coverage'];
  results: ResultCounts | null;
  sha256: string;
  contentSha256: string;
  current: boolean;
  /** Publication order: every publication after this one has a higher number. */
  publishedSeq: number;
  publishedAt: string | null;
}

export function artifactSummary(version: EvidenceVersion, names: Map<string, string>, now: Date): ArtifactSummaryView {
  const { envelope } = version;
  return {
    id: version.id,
    type: version.type,
    title: envelope.title,
    connection: { id: version.connectionId, name: names.get(version.connectionId) ?? version.connectionId },
    runId: version.runId,
    collectedAt: version.collectedAt,
    observedAt: envelope.observedAt ?? null,
    expiresAt: version.expiresAt,
    freshness: freshnessAt(version.collectedAt, version.expiresAt, now),
    records: version.recordCount,
    coverage: envelope.summary.coverage,
    results: summaryResults(envelope.summary) ?? null,
    sha256: version.sha256,
    contentSha256: version.contentSha256,
    current: version.current,
    publishedSeq: version.publishedSeq,
    publishedAt: version.publishedAt,
  };
}

/** Connection names by id, for labelling. */
export async function connectionNames(store: { listConnections(): Promise<{ id: string; name: string }[]> }): Promise<Map<string, string>> {
  return new Map((await store.listConnections()).map((c) => [c.id, c.name]));
}
