/** Directory users and audit events in API shape. */

import { Rng } from '../random/prng.js';
import type { Fleet, SimAuditEvent, SimUser } from '../fleet/types.js';

type Doc = Record<string, unknown>;

export function userDoc(fleet: Fleet, user: SimUser): Doc {
  const rng = new Rng(fleet.spec.seed, 'directory-integration');
  return {
    active: user.active,
    archived: user.archived,
    created_at: user.createdAt,
    department: user.department,
    deprecated_user_id: user.deprecatedUserId,
    email: user.email,
    id: user.id,
    integration: { id: 634, name: fleet.spec.tenant, uuid: rng.uuid(), type: 'office365' },
    job_title: user.jobTitle,
    name: user.name,
    device_count: user.deviceCount,
    updated_at: user.updatedAt,
  };
}

export function auditEventDoc(event: SimAuditEvent): Doc {
  return {
    id: event.id,
    action: event.action,
    occurred_at: event.occurredAt,
    actor_id: event.actorId,
    actor_type: event.actorType,
    target_id: event.targetId,
    target_type: event.targetType,
    target_component: event.targetComponent,
    new_state: event.newState,
    metadata: event.metadata,
  };
}
