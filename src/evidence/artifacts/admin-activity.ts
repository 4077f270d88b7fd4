import type { SourceRow } from '../../iru/index.js';
import type { ArtifactDefinition, BuildContext } from '../artifact-definition.js';
import { Counter } from '../counts.js';
import { deniedDetail } from '../denied-permissions.js';
import { RecordedRecords } from '../evidence-builder.js';
import { plannedWindow, windowCovers, type EventWindow } from '../evidence-period.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { AdminActivityRecord } from '../types/admin-activity.generated.js';

export const adminActivity: ArtifactDefinition = {
  type: 'admin-activity',
  title: 'Administrative activity',
  description:
    "The tenant's audit log over a rolling window ending at the collection (`covers`): who (actor id and type) created, changed or deleted what " +
    '(target type, id and component), and when. The changed state itself is not kept.',
  sources: ['audit-events'],
  window: 'audit-events',
  async build(context) {
    const window = plannedWindow(context, 'admin-activity');
    const records = new RecordedRecords<AdminActivityRecord>(
      context,
      byKeys((r) => [r.occurredAt, r.id]),
    );
    const counts = new Counter();
    for await (const record of windowEvents(context, window)) {
      await records.add(record, record.occurredAt);
      counts.add(`action:${record.action}`);
      counts.add(`actorType:${record.actorType ?? 'unknown'}`);
      counts.add(`targetType:${record.targetType ?? 'unknown'}`);
    }
    const built = await records.build('audit events', { events: records.length, ...counts.toRecord() });
    const denied = context.deniedPermissions?.length ? deniedDetail(context.deniedPermissions) : undefined;
    return { ...built, covers: windowCovers(window, denied) };
  },
};

function eventRecord(row: SourceRow<'audit-events'>): AdminActivityRecord {
  return {
    id: row.id,
    occurredAt: normalizeTimestamp(row.occurred_at),
    action: row.action,
    actorType: row.actor_type || null,
    actorId: row.actor_id || null,
    targetType: row.target_type || null,
    targetId: row.target_id || null,
    targetComponent: row.target_component || null,
  };
}

/** An event and where it came from: `api` (this run's read) sorts before `kept` (the continued Artifact), and wins. */
interface Candidate {
  origin: 'api' | 'kept';
  record: AdminActivityRecord;
}

/**
 * Every event of the window, once. Before `readFrom` they are the continued Artifact's (none older than where the
 * window is complete: those have left it); from `readFrom` on, this run's read, with the continued Artifact's events of
 * the overlap, each event id kept once (the read's copy). The overlap goes through a spill sorted by id, so memory holds
 * a batch, never the window.
 */
async function* windowEvents(context: BuildContext, window: EventWindow): AsyncIterable<AdminActivityRecord> {
  const overlap = context.spill<Candidate>(byKeys((c) => [c.record.id, c.origin]));
  for await (const row of rowsOf(context, 'audit-events')) {
    const record = eventRecord(row);
    // The API was asked for [readFrom, to]; an event it sends outside that (or one it cannot date) is not this window's.
    if (record.occurredAt !== null && (record.occurredAt < window.readFrom || record.occurredAt > window.to)) continue;
    await overlap.add({ origin: 'api', record });
  }
  // Not read (permission denied): the Artifact covers nothing, so it keeps nothing either.
  if (window.continues && context.carriedRecords && !context.deniedPermissions?.length) {
    for await (const record of context.carriedRecords<AdminActivityRecord>()) {
      if (record.occurredAt === null || record.occurredAt < window.completeFrom) continue;
      if (record.occurredAt < window.readFrom) yield record;
      else await overlap.add({ origin: 'kept', record });
    }
  }
  let last: string | undefined;
  for await (const { record } of overlap.sorted()) {
    if (record.id !== last) yield record;
    last = record.id;
  }
}
