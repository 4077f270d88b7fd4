import { artifactRecordObjects } from '../../evidence/index.js';
import { BadInputError } from '../../read-model/errors.js';
import { diffCounts, diffRecords, type RecordDiff } from '../../read-model/record-diff.js';
import { inSchemaOrder } from '../../read-model/record-fields.js';
import type { WebContext } from '../context.js';
import { publishedVersion } from './artifact-view.js';

export interface ChangesView {
  type: string;
  title: string;
  from: { id: string; collectedAt: string; records: number };
  to: { id: string; collectedAt: string; records: number };
  counts: { name: string; before: number; after: number; delta: number }[];
  records: RecordDiff;
}

/** What changed from one version to a later one of the same connection and type: counts, and records by key. */
export async function changesView(ctx: WebContext, toId: string, fromId: string): Promise<ChangesView> {
  const [to, from] = [await publishedVersion(ctx, toId), await publishedVersion(ctx, fromId)];
  if (from.connectionId !== to.connectionId || from.type !== to.type) {
    throw new BadInputError(`${fromId} and ${toId} are not versions of the same Artifact (connection and type must match)`);
  }
  const records = (id: string) => () => inSchemaOrder(to.type, artifactRecordObjects(ctx.store, id));
  return {
    type: to.type,
    title: to.envelope.title,
    from: { id: from.id, collectedAt: from.collectedAt, records: from.recordCount },
    to: { id: to.id, collectedAt: to.collectedAt, records: to.recordCount },
    counts: diffCounts(from.envelope.summary.counts, to.envelope.summary.counts),
    records: await diffRecords(records(fromId), records(toId)),
  };
}
