import type { ArtifactDefinition } from '../artifact-definition.js';
import { Counter } from '../counts.js';
import { RecordedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { AdminActivityRecord } from '../types/admin-activity.generated.js';

export const adminActivity: ArtifactDefinition = {
  type: 'admin-activity',
  title: 'Administrative activity',
  description:
    "The tenant's audit log for the collection window: who (actor id and type) created, changed or deleted what (target type, id and component), " +
    'and when. The changed state itself is not kept.',
  sources: ['audit-events'],
  async build(context) {
    const records = new RecordedRecords<AdminActivityRecord>(
      context,
      byKeys((r) => [r.occurredAt, r.id]),
    );
    const counts = new Counter();
    for await (const row of rowsOf(context, 'audit-events')) {
      const occurredAt = normalizeTimestamp(row.occurred_at);
      await records.add(
        {
          id: row.id,
          occurredAt,
          action: row.action,
          actorType: row.actor_type || null,
          actorId: row.actor_id || null,
          targetType: row.target_type || null,
          targetId: row.target_id || null,
          targetComponent: row.target_component || null,
        },
        occurredAt,
      );
      counts.add(`action:${row.action}`);
      counts.add(`actorType:${row.actor_type || 'unknown'}`);
      counts.add(`targetType:${row.target_type || 'unknown'}`);
    }
    return records.build('audit events', { events: records.length, ...counts.toRecord() });
  },
};
