import { RecordSink, recordValidator, type ArtifactDefinition, type BuildContext, type BuiltEvidence, type SortedRecord } from '../../src/evidence/index.js';
import { compareStoredRecords } from '../../src/store/record-order.js';

/** Builds an Artifact's evidence with its records kept in memory, in the order the store would keep them. */
export async function buildInMemory(definition: ArtifactDefinition, context: Omit<BuildContext, 'recordSink'>): Promise<BuiltEvidence & { records: Record<string, unknown>[] }> {
  const written: SortedRecord[] = [];
  const evidence = await definition.build({
    ...context,
    recordSink: (order) => new RecordSink(order, async (batch) => void written.push(...batch), recordValidator(definition.type)),
  });
  written.sort(compareStoredRecords);
  return { ...evidence, records: written.map((r) => JSON.parse(r.body) as Record<string, unknown>) };
}
