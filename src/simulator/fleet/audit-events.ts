/**
 * Audit log. Event i happens at start + (i + u_i) * step with u_i in [0, 1), so times strictly increase
 * with the index: date filters become binary searches and any page is generated alone. The timeline starts a year
 * before the fleet's `now` and goes on past it at the same rate: a simulator whose clock moves on sees new events
 * arrive, and the API keeps the last HISTORY_DAYS of them.
 */

import { Rng, keyedUnit } from '../random/prng.js';
import { deviceIdFor } from './device-id.js';
import type { Organisation } from './organisation.js';
import { MICROS_PER_DAY, isoZ } from './time.js';
import type { SimAuditEvent } from './types.js';

/** How far back the audit log goes ("History goes back a year", iru-api.md): also the span generated before `now`. */
export const HISTORY_DAYS = 365;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface AuditContext {
  seed: number;
  nowMicros: number;
  deviceCount: number;
  /** Events a year: those of the year before `now`, and the rate at which later ones arrive. */
  eventsPerYear: number;
  organisation: Organisation;
}

export function auditEventCount(deviceCount: number): number {
  return 20 + Math.round(deviceCount * 0.5);
}

function timeline(context: AuditContext): { start: number; step: number } {
  const span = HISTORY_DAYS * MICROS_PER_DAY;
  return { start: context.nowMicros - span, step: span / Math.max(1, context.eventsPerYear) };
}

export function auditEventMicros(context: AuditContext, index: number): number {
  const { start, step } = timeline(context);
  return Math.floor(start + (index + keyedUnit(context.seed, 'audit-time', index)) * step);
}

/** First event index whose time is >= micros; events go on for ever, so there always is one (none at all without events). */
export function firstAuditEventAtOrAfter(context: AuditContext, micros: number): number {
  if (context.eventsPerYear === 0) return 0;
  const { start, step } = timeline(context);
  let low = 0;
  let high = Math.max(0, Math.ceil((micros - start) / step) + 2); // event i is before start + (i + 1) * step
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (auditEventMicros(context, mid) < micros) low = mid + 1;
    else high = mid;
  }
  return low;
}

function ulid(rng: Rng, micros: number): string {
  let time = Math.floor(micros / 1000);
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[rng.int(0, 31)];
  return head + tail;
}

function adminIds(seed: number): string[] {
  const rng = new Rng(seed, 'admins');
  return Array.from({ length: 4 }, () => rng.uuid());
}

export function auditEvent(context: AuditContext, index: number): SimAuditEvent {
  const rng = new Rng(context.seed, 'audit-event', index);
  const micros = auditEventMicros(context, index);
  const { blueprints, libraryItems } = context.organisation;
  const base = {
    index,
    id: ulid(rng, micros),
    occurredAt: isoZ(micros),
    actorId: rng.pick(adminIds(context.seed)),
    actorType: 'user' as const,
    metadata: {},
  };
  const kind = rng.weighted([
    ['blueprint', 40],
    ['library_item', 30],
    ['api_token', 10],
    ['device', 20],
  ] as const);
  if (kind === 'blueprint') {
    const blueprint = rng.pick(blueprints);
    const item = rng.pick(libraryItems);
    const added = rng.chance(0.7);
    return {
      ...base,
      action: 'update',
      targetId: blueprint.id,
      targetType: 'blueprint',
      targetComponent: 'library_items',
      newState: {
        library_items_added: added ? [{ id: item.id, name: item.name }] : [],
        library_items_removed: added ? [] : [{ id: item.id, name: item.name }],
        library_items_scoped: [],
        name: blueprint.name,
      },
    };
  }
  if (kind === 'library_item') {
    const item = rng.pick(libraryItems);
    return {
      ...base,
      action: rng.chance(0.2) ? 'create' : 'update',
      targetId: item.id,
      targetType: 'library_item',
      targetComponent: 'library_item',
      newState: { name: item.name, active: rng.chance(0.9) },
    };
  }
  if (kind === 'api_token') {
    return {
      ...base,
      action: rng.chance(0.3) ? 'create' : 'update',
      targetId: rng.uuid(),
      targetType: 'api_token',
      targetComponent: 'permissions',
      newState: {
        name: 'Compliance connector',
        permissions: [
          { path: '/api/v1/devices', http_method: 'GET' },
          { path: '/api/v1/audit/events', http_method: 'GET' },
        ],
      },
    };
  }
  const deviceId = context.deviceCount > 0 ? deviceIdFor(context.seed, rng.int(0, context.deviceCount - 1)) : rng.uuid();
  const blueprint = rng.pick(blueprints);
  const removed = rng.chance(0.3);
  return {
    ...base,
    action: removed ? 'delete' : 'update',
    actorType: removed
      ? 'user'
      : rng.weighted([
          ['user', 60],
          ['api_token', 25],
          ['kandji', 15],
        ] as const),
    targetId: deviceId,
    targetType: 'device',
    targetComponent: removed ? 'device' : 'blueprint',
    newState: removed ? {} : { blueprint_id: blueprint.id, blueprint_name: blueprint.name },
  };
}
