import { z } from 'zod';
import { iruBoolean, nullableString } from './primitives.js';

/** A directory user; names, departments and titles are dropped: the evidence needs status and device count. */
export const UserRow = z.object({
  id: z.string().min(1),
  email: nullableString,
  active: iruBoolean.nullable().optional(),
  archived: iruBoolean.nullable().optional(),
  device_count: z.number().int().nullable().optional(),
  integration: z.object({ type: nullableString }).nullable().optional(),
});
export type UserRow = z.infer<typeof UserRow>;

/** An audit event; `new_state` is dropped (it can carry configuration), the change's target is kept. */
export const AuditEventRow = z.object({
  id: z.string().min(1),
  occurred_at: z.string(),
  action: z.string(),
  actor_id: nullableString,
  actor_type: nullableString,
  target_id: nullableString,
  target_type: nullableString,
  target_component: nullableString,
});
export type AuditEventRow = z.infer<typeof AuditEventRow>;
