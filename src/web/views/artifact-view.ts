import { readVersions, type EvidenceVersion } from '../../read-model/artifact-envelope.js';
import type { EvidencePeriod } from '../../evidence/types/artifact.generated.js';
import type { ArtifactEnvelope } from '../../read-model/artifact-envelope.js';
import { NotFoundError } from '../../read-model/errors.js';
import { diffCounts } from '../../read-model/record-diff.js';
import type { RunRecord } from '../../store/index.js';
import type { WebContext } from '../context.js';
import { artifactSummary, connectionNames, type ArtifactSummaryView } from './artifact-summary.js';

const VERSIONS_SHOWN = 50;

export interface VersionView {
  id: string;
  collectedAt: string;
  expiresAt: string;
  records: number;
  current: boolean;
  /** Against the version before it; null for the oldest shown. */
  changedCounts: { name: string; before: number; after: number; delta: number }[] | null;
  previousId: string | null;
}

export interface ArtifactView {
  artifact: ArtifactSummaryView & {
    description: string;
    source: ArtifactEnvelope['source'];
    controls: ArtifactEnvelope['controls'];
    summary: ArtifactEnvelope['summary'];
    /** The period the evidence covers; null for an Artifact sealed before Artifacts stated it. */
    covers: EvidencePeriod | null;
  };
  run: Pick<RunRecord, 'id' | 'status' | 'startedAt' | 'finishedAt'> | null;
  versions: VersionView[];
  moreVersions: boolean;
}

export async function publishedVersion(ctx: WebContext, id: string): Promise<EvidenceVersion> {
  const [version] = await readVersions(ctx.store, { ids: [id] });
  if (!version) throw new NotFoundError(`No published Artifact ${id}`);
  return version;
}

/** An Artifact version without its records: envelope, run, and the versions of the same connection and type. */
export async function artifactView(ctx: WebContext, id: string): Promise<ArtifactView> {
  const version = await publishedVersion(ctx, id);
  const names = await connectionNames(ctx.store);
  const now = ctx.now();
  const run = await ctx.store.getRun(version.runId);
  const versions = await readVersions(ctx.store, { connectionId: version.connectionId, types: [version.type], limit: VERSIONS_SHOWN + 1 });
  const shown = versions.slice(0, VERSIONS_SHOWN);
  return {
    artifact: {
      ...artifactSummary(version, names, now),
      description: version.envelope.description,
      source: version.envelope.source,
      controls: version.envelope.controls,
      summary: version.envelope.summary,
      covers: version.envelope.covers ?? null,
    },
    run: run ? { id: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt } : null,
    versions: shown.map((v, i) => {
      const older = versions[i + 1];
      return {
        id: v.id,
        collectedAt: v.collectedAt,
        expiresAt: v.expiresAt,
        records: v.recordCount,
        current: v.current,
        changedCounts: older ? diffCounts(older.envelope.summary.counts, v.envelope.summary.counts).filter((c) => c.delta !== 0) : null,
        previousId: older?.id ?? null,
      };
    }),
    moreVersions: versions.length > VERSIONS_SHOWN,
  };
}
