import type { ArtifactDefinition, BuildContext } from '../artifact-definition.js';
import { deviceIdentities, identityOf } from '../devices.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { evaluateLibraryItemStatus } from '../library-item-status.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { LibraryItemComplianceRecord } from '../types/library-item-compliance.generated.js';

/** Library item names by id, from the Blueprints' lists (the status rows do not carry the item's name). */
async function libraryItemNames(context: BuildContext): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>();
  for await (const row of rowsOf(context, 'blueprint-library-items')) {
    if (!names.get(row.id)) names.set(row.id, row.name || null);
  }
  return names;
}

export const libraryItemCompliance: ArtifactDefinition = {
  type: 'library-item-compliance',
  title: 'Library item compliance',
  description:
    'The status of every library item of every Blueprint on every device it is scoped to: PASS, success and REMEDIATED pass; ERROR, failed and ' +
    'WARNING fail; pending and installing ones are not evaluable yet; EXCLUDED, INCOMPATIBLE and AVAILABLE are not applicable; any other status ' +
    'is not evaluable (unknown_value), kept as sent.',
  sources: ['blueprint-library-items', 'library-item-status'],
  optionalSources: ['devices'],
  async build(context) {
    const names = await libraryItemNames(context);
    const identities = await deviceIdentities(context);
    const records = new EvaluatedRecords<LibraryItemComplianceRecord>(
      context,
      byKeys((r) => [r.deviceId, r.libraryItemId, r.blueprintId, r.status]),
    );
    for await (const row of rowsOf(context, 'library-item-status')) {
      const reportedAt = normalizeTimestamp(row.reported_at);
      await records.add(
        {
          deviceId: row.computer.id,
          ...identityOf(identities, row.computer.id),
          libraryItemId: row.parent_id,
          libraryItemName: names.get(row.parent_id) ?? null,
          blueprintId: row.blueprint?.id ?? null,
          status: row.status,
          reportedAt,
          ...evaluateLibraryItemStatus(row.status),
        },
        reportedAt,
      );
    }
    return records.build({
      subjects: 'library item statuses',
      gapDetail: { transient: 'the item is still pending or installing on the device' },
    });
  },
};
