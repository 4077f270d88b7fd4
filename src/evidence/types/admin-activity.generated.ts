/* Generated from schemas/artifacts/admin-activity.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One event of the tenant's audit log (GET /api/v1/audit/events); the changed state is not kept.
 */
export interface AdminActivityRecord {
  id: string;
  occurredAt: string | null;
  /**
   * create, update or delete.
   */
  action: string;
  actorType: string | null;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  targetComponent: string | null;
}
