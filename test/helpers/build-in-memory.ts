import {
  RecordSink,
  recordValidator,
  Spill,
  type ArtifactDefinition,
  type BuildContext,
  type BuiltEvidence,
  type SortedRecord,
} from '../../src/evidence/index.js';
import { compareStoredRecords } from '../../src/store/record-order.js';

/** Records held in memory, read back in the order the store would give them. */
function memoryRecords() {
  const written: SortedRecord[] = [];
  return {
    write: async (batch: SortedRecord[]) => void written.push(...batch),
    sorted: () => [...written].sort(compareStoredRecords).map((r) => r.body),
    clear: () => void written.splice(0),
  };
}

/** Builds an Artifact's evidence with its records (and any spill) kept in memory, in the order the store would keep them. */
export async function buildInMemory(
  definition: ArtifactDefinition,
  context: Omit<BuildContext, 'recordSink' | 'spill'>,
): Promise<BuiltEvidence & { records: Record<string, unknown>[] }> {
  const records = memoryRecords();
  const evidence = await definition.build({
    ...context,
    recordSink: (order) => new RecordSink(order, records.write, recordValidator(definition.type)),
    spill: (order) => {
      const items = memoryRecords();
      return new Spill(order, {
        write: items.write,
        async *read() {
          yield* items.sorted();
        },
        remove: async () => items.clear(),
      });
    },
  });
  return { ...evidence, records: records.sorted().map((body) => JSON.parse(body) as Record<string, unknown>) };
}
